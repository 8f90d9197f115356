package io.leadstream.stream.geo;

import java.time.ZoneId;
import java.util.Objects;

/**
 * One NANP area code: {@code region} is the USPS state/territory or Canadian province code, {@code zone}
 * the time zone covering most of the code's numbers.
 */
public record AreaCode(String code, String region, ZoneId zone) {
    public AreaCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
    }
}
