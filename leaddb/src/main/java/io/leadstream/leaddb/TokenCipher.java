package io.leadstream.leaddb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption of OAuth tokens at rest under a rotatable key (SPEC §14). One key is current
 * and encrypts; previous keys still decrypt, so the key can be changed without losing connections
 * ({@link TokenKeyRotation} then re-encrypts the stored tokens, after which the previous key can go).
 *
 * <p>Layout, version 2: version byte {@code 2}, key-id length byte {@code n}, the key id ({@code n}
 * ASCII bytes), 12-byte random IV, ciphertext with 128-bit tag. The associated data is that header
 * followed by the workspace id, so a ciphertext copied to another workspace's row, or relabelled
 * with another key's id, does not decrypt. Version 1 (the same without key id) is no longer read:
 * it was never deployed, and reading it would mean guessing its key by trying every configured one.
 *
 * <p>Keys come from {@code LEADSTREAM_TOKEN_KEY} (the current key) and {@code
 * LEADSTREAM_TOKEN_KEYS_PREVIOUS} (comma-separated), each {@code <id>:<base64>} or bare base64, a
 * bare key's id being a fingerprint of it ({@code fp-} and 8 hex digits).
 */
public final class TokenCipher {
  private static final byte VERSION = 2;
  private static final byte RETIRED_VERSION_WITHOUT_KEY_ID = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final TokenKeys keys;
  private final byte[] currentHeader;
  private final SecureRandom random = new SecureRandom();

  /** The cipher configured by {@code LEADSTREAM_TOKEN_KEY} and {@code LEADSTREAM_TOKEN_KEYS_PREVIOUS} of {@code env}. */
  public static TokenCipher fromEnvironment(Map<String, String> env) {
    return new TokenCipher(env.get(TokenKeys.CURRENT_VARIABLE), env.get(TokenKeys.PREVIOUS_VARIABLE));
  }

  /** @param currentKey 16, 24 or 32 random bytes, base64-encoded (e.g. {@code openssl rand -base64 32}), optionally as {@code <id>:<base64>} */
  public TokenCipher(String currentKey) {
    this(currentKey, null);
  }

  /**
   * @param currentKey   the key that encrypts, {@code <id>:<base64>} or bare base64
   * @param previousKeys keys that only decrypt, comma-separated, each {@code <id>:<base64>} or bare base64; may be null
   * @throws IllegalArgumentException naming the variable, entry and key id (never the key) of a missing,
   *                                  malformed or repeated key
   */
  public TokenCipher(String currentKey, String previousKeys) {
    this.keys = TokenKeys.parse(currentKey, previousKeys);
    this.currentHeader = header(keys.current().id());
  }

  public String currentKeyId() {
    return keys.current().id();
  }

  /** The ids of every key that decrypts, the current key's first. */
  public List<String> keyIds() {
    return keys.ids();
  }

  /** Whether {@code stored} is sealed under the current key (its header names it; nothing is decrypted). */
  public boolean isUnderCurrentKey(byte[] stored) {
    if (stored == null || stored.length < currentHeader.length) {
      return false;
    }
    for (int i = 0; i < currentHeader.length; i++) {
      if (stored[i] != currentHeader[i]) {
        return false;
      }
    }
    return true;
  }

  public byte[] encrypt(String workspaceId, String plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.current().spec(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(currentHeader);
      cipher.updateAAD(workspaceId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(currentHeader.length + IV_BYTES + sealed.length)
          .put(currentHeader).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed under key id '" + currentKeyId() + "'", e);
    }
  }

  /** @throws UndecryptableTokenException naming the workspace and key id when no configured key opens {@code stored} */
  public String decrypt(String workspaceId, byte[] stored) {
    String token = "Token of workspace " + workspaceId;
    if (stored == null || stored.length < 2) {
      throw new UndecryptableTokenException(token + " is not a token sealed by this cipher");
    }
    if (stored[0] == RETIRED_VERSION_WITHOUT_KEY_ID) {
      throw new UndecryptableTokenException(token + " is in the retired version-1 layout, which names no key:"
          + " reconnect the workspace");
    }
    if (stored[0] != VERSION) {
      throw new UndecryptableTokenException(token + " has unknown layout version " + stored[0]);
    }
    int headerLength = 2 + (stored[1] & 0xff);
    if (headerLength == 2 || stored.length < headerLength + IV_BYTES + TAG_BITS / 8) {
      throw new UndecryptableTokenException(token + " is truncated");
    }
    String keyId = new String(stored, 2, headerLength - 2, StandardCharsets.US_ASCII);
    TokenKeys.TokenKey key = keys.byId(keyId);
    if (key == null) {
      throw new UndecryptableTokenException(token + " is sealed under key id '" + printable(keyId)
          + "', which is not configured (configured: " + String.join(", ", keys.ids())
          + "); add that key to LEADSTREAM_TOKEN_KEYS_PREVIOUS");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, stored, headerLength, IV_BYTES));
      cipher.updateAAD(stored, 0, headerLength);
      cipher.updateAAD(workspaceId.getBytes(StandardCharsets.UTF_8));
      int sealedFrom = headerLength + IV_BYTES;
      byte[] plain = cipher.doFinal(stored, sealedFrom, stored.length - sealedFrom);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new UndecryptableTokenException(token + " does not decrypt under key id '" + keyId
          + "': sealed for another workspace, or corrupted", e);
    }
  }

  /** Names the keys by id only. */
  @Override
  public String toString() {
    return "TokenCipher[current=" + currentKeyId() + ", decrypts=" + keyIds() + "]";
  }

  private static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
  }

  // A key id read from a stored token is data: shown only in the characters a valid id may hold.
  private static String printable(String keyId) {
    return TokenKeys.VALID_ID.matcher(keyId).matches() ? keyId : keyId.replaceAll("[^A-Za-z0-9._-]", "?");
  }
}
