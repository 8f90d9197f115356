package io.leadstream.sfemu.soql;

import java.util.regex.Pattern;

/** SOQL LIKE: % any run, _ one character, \% and \_ literal; case-insensitive like Salesforce text matching. */
public final class LikePattern {

  private final Pattern regex;

  public LikePattern(String decodedLiteral) {
    StringBuilder re = new StringBuilder();
    for (char c : decodedLiteral.toCharArray()) {
      switch (c) {
        case '%' -> re.append(".*");
        case '_' -> re.append('.');
        case SoqlLexer.ESCAPED_PERCENT -> re.append("%");
        case SoqlLexer.ESCAPED_UNDERSCORE -> re.append("_");
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.regex = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  public boolean matches(String value) {
    return value != null && regex.matcher(value).matches();
  }
}
