package io.leadstream.stream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AdvertisedHostTest {

    @Test
    void autoIsThisMachinesOwnAddressSoEachReplicaNamesItself() throws Exception {
        String expected = InetAddress.getLocalHost().getHostAddress();
        assertThat(AdvertisedHost.resolve("auto")).isEqualTo(expected.contains(":") ? "[" + expected + "]" : expected)
                .isNotEqualTo("auto");
        assertThat(AdvertisedHost.resolve(" AUTO ")).isEqualTo(AdvertisedHost.resolve("auto"));
    }

    @Test
    void anExplicitHostIsUsedAsWrittenAndEmptyMeansLocalhost() {
        assertThat(AdvertisedHost.resolve("stream-app-2.internal")).isEqualTo("stream-app-2.internal");
        assertThat(AdvertisedHost.resolve("")).isEqualTo("localhost");
        assertThat(AdvertisedHost.resolve(null)).isEqualTo("localhost");
    }
}
