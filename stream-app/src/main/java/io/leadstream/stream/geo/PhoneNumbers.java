package io.leadstream.stream.geo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers as people and dialers write them, normalised to E.164.
 *
 * <p>Accepted: digits with the usual separators (spaces, dots, dashes, parentheses, slashes), an
 * optional leading {@code +}, the US international prefix {@code 011}, and a trailing extension
 * ({@code x12}, {@code ext. 12}, {@code #12}), which is dropped because E.164 has no extension.
 * A number without a country code must be a 10-digit NANP number (optionally preceded by the trunk
 * prefix 1). Anything else (letters, vanity numbers, wrong lengths, NANP numbers whose area code
 * or exchange starts with 0/1) is rejected rather than guessed.
 */
public final class PhoneNumbers {

    private static final Pattern EXTENSION =
            Pattern.compile("(?i)\\s*(?:;\\s*ext=|,?\\s*(?:ext\\.?|extension|x|#))\\s*\\d{1,6}\\s*$");
    private static final Pattern ALLOWED = Pattern.compile("[+]?[0-9 ().\\-/\\u00a0]+");
    private static final Pattern NON_DIGIT = Pattern.compile("\\D");
    /** NANP: NPA and NXX start with 2-9; N11 codes are service codes, never area codes. */
    private static final Pattern NANP_NATIONAL = Pattern.compile("([2-9](?!11)\\d\\d)([2-9]\\d\\d)(\\d{4})");
    private static final Pattern NANP_E164 = Pattern.compile("\\+1" + NANP_NATIONAL.pattern());
    private static final int E164_MAX_DIGITS = 15;
    private static final int E164_MIN_DIGITS = 8;

    private PhoneNumbers() {
    }

    /** E.164 form ({@code +14155550100}) of {@code raw}, or empty when it is not a usable number. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = EXTENSION.matcher(raw.strip()).replaceFirst("");
        if (s.isEmpty() || !ALLOWED.matcher(s).matches() || s.indexOf('+', 1) >= 0) {
            return Optional.empty();
        }
        boolean international = s.startsWith("+");
        String digits = NON_DIGIT.matcher(s).replaceAll("");
        if (!international && digits.startsWith("011")) {
            international = true;
            digits = digits.substring(3);
        }
        if (international) {
            return digits.startsWith("1") ? nanp(digits.substring(1)) : otherCountry(digits);
        }
        if (digits.length() == 11 && digits.startsWith("1")) {
            return nanp(digits.substring(1));
        }
        return digits.length() == 10 ? nanp(digits) : Optional.empty();
    }

    /** The 3-digit area code of a NANP number in any accepted format; empty for non-NANP numbers. */
    public static Optional<String> areaCode(String phone) {
        return normalize(phone).flatMap(e164 -> {
            Matcher m = NANP_E164.matcher(e164);
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        });
    }

    /** Whether {@code phone} normalises to a number of the North American Numbering Plan (+1). */
    public static boolean isNanp(String phone) {
        return areaCode(phone).isPresent();
    }

    private static Optional<String> nanp(String national) {
        return NANP_NATIONAL.matcher(national).matches() ? Optional.of("+1" + national) : Optional.empty();
    }

    private static Optional<String> otherCountry(String digits) {
        // Country codes never start with 0; the length bounds are all E.164 lets us check without a
        // per-country numbering table.
        if (digits.startsWith("0") || digits.length() < E164_MIN_DIGITS || digits.length() > E164_MAX_DIGITS) {
            return Optional.empty();
        }
        return Optional.of("+" + digits);
    }
}
