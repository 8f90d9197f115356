package io.leadstream.sfemu.soql;

import io.leadstream.sfemu.soql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenises SOQL. String literals are decoded with exactly the documented escape sequences
 * (\n \r \t \b \f in either case, \" \' \\ and \\uXXXX); any other backslash sequence is an error.
 * {@code \_} and {@code \%} are only meaningful in LIKE, so they are kept as marker characters
 * that {@link LikePattern} reads as literal '_' / '%' and plain comparisons reject.
 */
public final class SoqlLexer {

  /** Marks an escaped '_' in a decoded literal (a private-use code point, never in real data). */
  public static final char ESCAPED_UNDERSCORE = '\uE000';
  /** Marks an escaped '%' in a decoded literal. */
  public static final char ESCAPED_PERCENT = '\uE001';

  private static final Pattern DATETIME = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  private SoqlLexer() {
  }

  public static List<Token> tokenize(String input) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        i = readString(input, i, tokens);
      } else if (c == '(') {
        tokens.add(new Token(Kind.LPAREN, "(", i++));
      } else if (c == ')') {
        tokens.add(new Token(Kind.RPAREN, ")", i++));
      } else if (c == ',') {
        tokens.add(new Token(Kind.COMMA, ",", i++));
      } else if (c == ':') {
        tokens.add(new Token(Kind.COLON, ":", i++));
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        String op = input.startsWith("!=", i) || input.startsWith("<>", i) || input.startsWith("<=", i)
            || input.startsWith(">=", i) ? input.substring(i, i + 2) : String.valueOf(c);
        if (op.equals("!")) {
          throw new SoqlSyntaxException("unexpected token: '!'");
        }
        tokens.add(new Token(Kind.OP, op, i));
        i += op.length();
      } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < input.length()
          && Character.isDigit(input.charAt(i + 1)))) {
        i = readNumberOrDate(input, i, tokens);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < input.length() && (Character.isLetterOrDigit(input.charAt(i))
            || input.charAt(i) == '_' || input.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.IDENT, input.substring(start, i), start));
      } else {
        throw new SoqlSyntaxException("unexpected token: '" + c + "'");
      }
    }
    tokens.add(new Token(Kind.EOF, "", input.length()));
    return tokens;
  }

  private static int readNumberOrDate(String input, int start, List<Token> tokens) {
    for (var entry : List.of(new Object[] {DATETIME, Kind.DATETIME}, new Object[] {DATE, Kind.DATE},
        new Object[] {NUMBER, Kind.NUMBER})) {
      Matcher m = ((Pattern) entry[0]).matcher(input).region(start, input.length());
      if (m.lookingAt()) {
        tokens.add(new Token((Kind) entry[1], m.group(), start));
        return m.end();
      }
    }
    throw new SoqlSyntaxException("unexpected token: '" + input.charAt(start) + "'");
  }

  private static int readString(String input, int start, List<Token> tokens) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == '\'') {
        tokens.add(new Token(Kind.STRING, value.toString(), start));
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= input.length()) {
          break;
        }
        char e = input.charAt(i + 1);
        switch (e) {
          case 'n', 'N' -> value.append('\n');
          case 'r', 'R' -> value.append('\r');
          case 't', 'T' -> value.append('\t');
          case 'b', 'B' -> value.append('\b');
          case 'f', 'F' -> value.append('\f');
          case '"' -> value.append('"');
          case '\'' -> value.append('\'');
          case '\\' -> value.append('\\');
          case '_' -> value.append(ESCAPED_UNDERSCORE);
          case '%' -> value.append(ESCAPED_PERCENT);
          case 'u' -> {
            if (i + 6 > input.length() || !input.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
              throw illegalEscape(input, start, "\\u");
            }
            value.append((char) Integer.parseInt(input.substring(i + 2, i + 6), 16));
            i += 4;
          }
          default -> throw illegalEscape(input, start, "\\" + e);
        }
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new SoqlSyntaxException("line 1:" + start + " mismatched character '<EOF>' expecting '''");
  }

  private static SoqlSyntaxException illegalEscape(String input, int start, String sequence) {
    return new SoqlSyntaxException("Invalid string literal '" + input.substring(start + 1)
        + "'. Illegal character sequence '" + sequence + "' in string literal.");
  }
}
