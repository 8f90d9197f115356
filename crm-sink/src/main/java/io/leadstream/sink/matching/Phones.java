package io.leadstream.sink.matching;

import java.util.Optional;

/** E.164 normalisation for phone matching (North American numbers without a country code get +1). */
public final class Phones {
  private Phones() {
  }

  /** {@code +14155550100} for "+1 (415) 555-0100", "415-555-0100" or "0014155550100"; empty if not a number. */
  public static Optional<String> e164(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String digits = raw.replaceAll("\\D", "");
    if (raw.strip().startsWith("00") && !raw.strip().startsWith("+")) {
      digits = digits.substring(2);
    }
    if (digits.length() == 10 && !raw.strip().startsWith("+")) {
      digits = "1" + digits;
    }
    if (digits.length() < 8 || digits.length() > 15) {
      return Optional.empty();
    }
    return Optional.of("+" + digits);
  }
}
