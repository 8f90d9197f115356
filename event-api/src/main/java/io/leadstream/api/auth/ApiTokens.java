package io.leadstream.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-workspace bearer tokens, known only by their SHA-256 (tokens are high-entropy random
 * strings, so an unsalted digest is enough). A presented token is hashed and compared with every
 * known hash by {@link MessageDigest#isEqual}, so the answer time does not depend on how much of
 * a hash matched.
 */
public final class ApiTokens {
  private record Entry(byte[] hash, String workspaceId) {
  }

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * @param hashesByWorkspace workspace id → hex SHA-256 of its tokens
   * @param devToken an optional plaintext token for {@code devWorkspace} (local runs)
   */
  public static ApiTokens of(Map<String, List<String>> hashesByWorkspace, String devToken, String devWorkspace) {
    List<Entry> entries = new ArrayList<>();
    hashesByWorkspace.forEach((workspace, hashes) -> {
      for (String hex : hashes) {
        String h = hex.strip();
        if (h.length() != 64) {
          throw new IllegalArgumentException("Token hash of workspace " + workspace + " is not a hex SHA-256");
        }
        entries.add(new Entry(HexFormat.of().parseHex(h), workspace));
      }
    });
    if (devToken != null && !devToken.isBlank()) {
      entries.add(new Entry(sha256(devToken.strip()), devWorkspace));
    }
    return new ApiTokens(List.copyOf(entries));
  }

  /** The workspace of a presented token, if it is one of ours. */
  public Optional<String> workspaceOf(String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    String match = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash, presented)) {
        match = e.workspaceId;
      }
    }
    return Optional.ofNullable(match);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
