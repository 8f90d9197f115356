package io.leadstream.leaddb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption of OAuth tokens at rest. Layout: version byte 1, 12-byte random IV, ciphertext
 * with 128-bit tag. The workspace id is the associated data, so a ciphertext copied to another
 * workspace's row does not decrypt.
 */
public final class TokenCipher {
  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** @param base64Key 16, 24 or 32 random bytes, base64-encoded (e.g. {@code openssl rand -base64 32}) */
  public TokenCipher(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException("No token encryption key: set LEADSTREAM_TOKEN_KEY to a base64 AES key "
          + "(openssl rand -base64 32)");
    }
    byte[] raw = Base64.getDecoder().decode(base64Key.strip());
    if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
      throw new IllegalArgumentException("The token encryption key must be 16, 24 or 32 bytes, not " + raw.length);
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  public byte[] encrypt(String workspaceId, String plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(workspaceId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  public String decrypt(String workspaceId, byte[] stored) {
    if (stored == null || stored.length < 1 + IV_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
      throw new IllegalArgumentException("Not a token sealed by this cipher");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, IV_BYTES));
      cipher.updateAAD(workspaceId.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(stored, 1 + IV_BYTES, stored.length - 1 - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Token does not decrypt with this key for workspace " + workspaceId, e);
    }
  }
}
