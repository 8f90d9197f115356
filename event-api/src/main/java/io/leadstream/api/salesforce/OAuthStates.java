package io.leadstream.api.salesforce;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The OAuth {@code state} (seed 001's CSRF protection): {@code base64url(nonce | expiry |
 * workspace) . base64url(HMAC-SHA256)}. A forged or altered state fails the signature check; a
 * genuine one is accepted once: its nonce is a row of {@code oauth_states} that the callback
 * deletes, so a replay (even to another instance) finds nothing.
 */
public final class OAuthStates {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final JdbcTemplate jdbc;
  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public OAuthStates(JdbcTemplate jdbc, byte[] key, Duration ttl, Clock clock) {
    this.jdbc = jdbc;
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  public String issue(String workspaceId) {
    byte[] nonce = new byte[18];
    random.nextBytes(nonce);
    Instant expires = clock.instant().plus(ttl);
    byte[] ws = workspaceId.getBytes(StandardCharsets.UTF_8);
    byte[] data = ByteBuffer.allocate(nonce.length + 8 + ws.length).put(nonce).putLong(expires.toEpochMilli())
        .put(ws).array();
    jdbc.update("DELETE FROM oauth_states WHERE expires_at < now()");
    jdbc.update("INSERT INTO oauth_states (nonce, workspace_id, expires_at) VALUES (?, ?, ?)",
        B64.encodeToString(nonce), workspaceId, Timestamp.from(expires));
    return B64.encodeToString(data) + "." + B64.encodeToString(mac(data));
  }

  /** The workspace that initiated this state; empty for a forged, expired or already used one. */
  public Optional<String> consume(String state) {
    if (state == null || state.length() > 512) {
      return Optional.empty();
    }
    int dot = state.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    byte[] data;
    byte[] signature;
    try {
      data = B64D.decode(state.substring(0, dot));
      signature = B64D.decode(state.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (data.length <= 26 || !MessageDigest.isEqual(mac(data), signature)) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    byte[] nonce = new byte[18];
    buf.get(nonce);
    long expires = buf.getLong();
    String workspace = new String(data, 26, data.length - 26, StandardCharsets.UTF_8);
    if (clock.millis() > expires) {
      return Optional.empty();
    }
    List<String> owner = jdbc.queryForList(
        "DELETE FROM oauth_states WHERE nonce = ? AND expires_at >= now() RETURNING workspace_id", String.class,
        B64.encodeToString(nonce));
    return owner.size() == 1 && owner.get(0).equals(workspace) ? Optional.of(workspace) : Optional.empty();
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
