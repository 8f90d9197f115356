package io.leadstream.leaddb.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of an API token: {@code lst_<tokenId>_<secret>}. The token id names the token in the
 * admin API, logs and the database without revealing it; the secret is 32 random bytes (base64url)
 * of which only the SHA-256 is stored. The fixed prefix lets secret scanners recognise a leaked token.
 */
public final class ApiTokenFormat {
  static final String PREFIX = "lst_";
  private static final int ID_LENGTH = 12;
  private static final int SECRET_BYTES = 32;
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final Pattern TOKEN = Pattern.compile("lst_([a-z2-7]{12})_([A-Za-z0-9_-]{43})");

  /** A token split into its id and its secret. */
  public record Parsed(String tokenId, String secret) {
    @Override
    public String toString() {
      return "Parsed[tokenId=" + tokenId + "]";
    }
  }

  private ApiTokenFormat() {
  }

  /** The id and secret of a well-formed token; empty for anything else (no database lookup needed). */
  public static Optional<Parsed> parse(String token) {
    if (token == null || token.length() != PREFIX.length() + ID_LENGTH + 1 + 43) {
      return Optional.empty();
    }
    var m = TOKEN.matcher(token);
    return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2))) : Optional.empty();
  }

  static String newTokenId(SecureRandom random) {
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  static String newSecret(SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  static String token(String tokenId, String secret) {
    return PREFIX + tokenId + "_" + secret;
  }

  /** SHA-256 of a high-entropy secret: enough, unsalted, since the secret cannot be guessed. */
  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
