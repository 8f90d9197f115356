package io.leadstream.sink.salesforce;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The daily API usage Salesforce reports in {@code Sforce-Limit-Info: api-usage=used/max}. */
public record LimitInfo(long used, long max) {
  private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

  /** Parses the header; empty when absent or without an api-usage part (it may list several, comma-separated). */
  public static Optional<LimitInfo> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = API_USAGE.matcher(header);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new LimitInfo(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
  }
}
