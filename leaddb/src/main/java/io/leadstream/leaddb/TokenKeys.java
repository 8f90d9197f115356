package io.leadstream.leaddb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token cipher's keys parsed from their configuration: one current key and any previous ones,
 * each {@code <id>:<base64>} or bare base64 (its id then derived from the key). Error messages
 * name the variable, the entry's position and the id, never any part of a key.
 */
final class TokenKeys {
  static final String CURRENT_VARIABLE = "LEADSTREAM_TOKEN_KEY";
  static final String PREVIOUS_VARIABLE = "LEADSTREAM_TOKEN_KEYS_PREVIOUS";
  static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String DERIVED_ID_PREFIX = "fp-";
  // Domain separation: the id is not a plain hash of the key that might be reused elsewhere.
  private static final byte[] FINGERPRINT_CONTEXT = "leadstream token key id\0".getBytes(StandardCharsets.US_ASCII);

  /** A key named by its id; {@link #toString()} shows the id only. */
  record TokenKey(String id, SecretKeySpec spec) {
    @Override
    public String toString() {
      return "TokenKey[" + id + "]";
    }
  }

  private final TokenKey current;
  private final Map<String, TokenKey> byId;

  private TokenKeys(TokenKey current, Map<String, TokenKey> byId) {
    this.current = current;
    this.byId = Collections.unmodifiableMap(byId);
  }

  static TokenKeys parse(String currentKey, String previousKeys) {
    if (currentKey == null || currentKey.isBlank()) {
      throw new IllegalArgumentException("No token encryption key: set " + CURRENT_VARIABLE
          + " to a base64 AES key (openssl rand -base64 32), optionally named as <id>:<base64>");
    }
    List<String> sources = new ArrayList<>();
    List<TokenKey> keys = new ArrayList<>();
    add(parseOne(currentKey, CURRENT_VARIABLE), CURRENT_VARIABLE, sources, keys);
    if (previousKeys != null) {
      String[] entries = previousKeys.split(",", -1);
      for (int i = 0; i < entries.length; i++) {
        if (entries[i].isBlank()) {
          continue; // a trailing or doubled comma is harmless
        }
        String source = PREVIOUS_VARIABLE + " entry " + (i + 1);
        add(parseOne(entries[i], source), source, sources, keys);
      }
    }
    Map<String, TokenKey> byId = new LinkedHashMap<>();
    keys.forEach(k -> byId.put(k.id(), k));
    return new TokenKeys(keys.get(0), byId);
  }

  TokenKey current() {
    return current;
  }

  /** The key of this id, or null. */
  TokenKey byId(String id) {
    return byId.get(id);
  }

  /** Every id, the current key's first. */
  List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  private static void add(TokenKey key, String source, List<String> sources, List<TokenKey> keys) {
    for (int i = 0; i < keys.size(); i++) {
      TokenKey other = keys.get(i);
      // Checked before the ids: two bare copies of one key also share their derived id, and
      // "same key" is the clearer message for what is usually a paste mistake.
      if (MessageDigest.isEqual(other.spec().getEncoded(), key.spec().getEncoded())) {
        throw new IllegalArgumentException(source + " (id '" + key.id() + "') is the same key as " + sources.get(i)
            + " (id '" + other.id() + "'); list each key once");
      }
      if (other.id().equals(key.id())) {
        throw new IllegalArgumentException(source + ": key id '" + key.id() + "' is already used by "
            + sources.get(i) + "; key ids must be unique");
      }
    }
    sources.add(source);
    keys.add(key);
  }

  private static TokenKey parseOne(String entry, String source) {
    String text = entry.strip();
    int colon = text.indexOf(':');
    String id = colon < 0 ? null : text.substring(0, colon).strip();
    String base64 = colon < 0 ? text : text.substring(colon + 1).strip();
    // The rejected id is not quoted: whatever stands before a ':' might be part of a pasted secret.
    if (id != null && !VALID_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(source + ": a key id must be 1 to 64 letters, digits, '.', '_' or '-',"
          + " written as <id>:<base64>");
    }
    String named = id == null ? source : source + " (id '" + id + "')";
    if (base64.isEmpty()) {
      throw new IllegalArgumentException(named + ": no key after the id");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      // The decoder's own message quotes the offending character of the key: not passed on.
      throw new IllegalArgumentException(named + ": the key is not valid base64");
    }
    try {
      if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
        throw new IllegalArgumentException(named + ": the key is " + raw.length
            + " bytes; an AES key is 16, 24 or 32 bytes (openssl rand -base64 32)");
      }
      return new TokenKey(id == null ? fingerprint(raw) : id, new SecretKeySpec(raw, "AES"));
    } finally {
      Arrays.fill(raw, (byte) 0); // SecretKeySpec holds its own copy
    }
  }

  /** A bare key's id: a short fingerprint, so operators need not name keys. */
  private static String fingerprint(byte[] raw) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(FINGERPRINT_CONTEXT);
      return DERIVED_ID_PREFIX + HexFormat.of().formatHex(sha256.digest(raw), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
