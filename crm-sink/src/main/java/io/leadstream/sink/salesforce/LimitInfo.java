package io.leadstream.sink.salesforce;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's daily API usage Salesforce reports in {@code Sforce-Limit-Info}: a list of {@code name=used/max}
 * items, e.g. {@code api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)}
 * (https://developer.salesforce.com/docs/atlas.en-us.200.0.api_rest.meta/api_rest/headers_api_usage.htm) or
 * {@code api-usage=10018/100000; api-bursts=1/750}
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm). Usage can
 * exceed the limit ({@code api-usage=110018/100000}).
 */
public record LimitInfo(long used, long max) {
  /** One item of the list, named exactly {@code api-usage} (never the tail of {@code per-app-api-usage}). */
  private static final Pattern API_USAGE = Pattern.compile("(?:^|[;,])\\s*api-usage\\s*=\\s*(\\d+)\\s*/\\s*(\\d+)");

  /** Parses the header; empty when absent or without an api-usage item. */
  public static Optional<LimitInfo> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = API_USAGE.matcher(header);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LimitInfo(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty(); // beyond a long: no usage anyone reports
    }
  }
}
