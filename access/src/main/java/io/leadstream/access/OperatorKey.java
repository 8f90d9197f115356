package io.leadstream.access;

import io.leadstream.leaddb.access.ApiTokenFormat;
import java.security.MessageDigest;

/**
 * The operator key of the admin API ({@code LEADSTREAM_ADMIN_KEY}): only its SHA-256 is kept, and a
 * presented key is compared by hash in constant time.
 */
public final class OperatorKey {
  /** Shorter keys are refused at start: the admin API must not be guessable. */
  public static final int MIN_LENGTH = 24;

  private final byte[] sha256;

  private OperatorKey(byte[] sha256) {
    this.sha256 = sha256;
  }

  /** The configured key; null or blank means the admin API is disabled. */
  public static OperatorKey of(String key) {
    if (key == null || key.isBlank()) {
      return null;
    }
    if (key.strip().length() < MIN_LENGTH) {
      throw new IllegalArgumentException("LEADSTREAM_ADMIN_KEY must have at least " + MIN_LENGTH
          + " characters (e.g. openssl rand -base64 32)");
    }
    return new OperatorKey(ApiTokenFormat.sha256(key.strip()));
  }

  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(sha256, ApiTokenFormat.sha256(presented));
  }

  @Override
  public String toString() {
    return "OperatorKey[***]";
  }
}
