package io.leadstream.access;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The path an access decision is made on (SPEC §14): the request URI percent-decoded segment by
 * segment, exactly the path the MVC router matches, so {@code /%61pi/…} is {@code /api/…}.
 * URIs that different components could read as different paths are refused rather than
 * interpreted: path parameters ({@code ;x=y}, which the servlet container strips before mapping
 * but the raw URI keeps), encoded separators, dots and percent signs ({@code %2F %5C %2E %25 %3B}),
 * backslashes, empty segments, {@code .} and {@code ..} segments, control characters and malformed
 * UTF-8 — the same set Spring Security's StrictHttpFirewall rejects.
 */
public final class RequestPaths {
  private static final String[] REFUSED = {";", "\\", "//", "%2f", "%5c", "%2e", "%25", "%3b", "%00"};

  private RequestPaths() {
  }

  /**
   * @param rawUri      {@code HttpServletRequest#getRequestURI()} (undecoded, without the query)
   * @param contextPath {@code HttpServletRequest#getContextPath()}
   * @return the decoded path within the application, or empty when the URI is refused
   */
  public static Optional<String> normalized(String rawUri, String contextPath) {
    if (rawUri == null || !rawUri.startsWith("/")) {
      return Optional.empty();
    }
    String raw = contextPath != null && !contextPath.isEmpty() && rawUri.startsWith(contextPath + "/")
        ? rawUri.substring(contextPath.length()) : rawUri;
    String lower = raw.toLowerCase(Locale.ROOT);
    for (String refused : REFUSED) {
      if (lower.contains(refused)) {
        return Optional.empty();
      }
    }
    StringBuilder path = new StringBuilder(raw.length());
    String[] segments = raw.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      Optional<String> segment = decode(segments[i]);
      if (segment.isEmpty() || segment.get().equals(".") || segment.get().equals("..")
          || (segment.get().isEmpty() && i < segments.length - 1)) {
        return Optional.empty();
      }
      path.append('/').append(segment.get());
    }
    return Optional.of(path.toString());
  }

  /** Percent-decodes one segment as UTF-8; empty for malformed escapes, bad UTF-8 or control characters. */
  private static Optional<String> decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x20 || c == 0x7f || c > 0x7e) {
        return Optional.empty(); // a raw URI is ASCII; anything else was not sent by a conforming client
      } else {
        bytes.write(c);
      }
    }
    try {
      String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
      return decoded.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) ? Optional.empty() : Optional.of(decoded);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
