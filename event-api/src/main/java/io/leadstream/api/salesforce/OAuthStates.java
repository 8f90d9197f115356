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
import io.leadstream.leaddb.TokenCipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The OAuth {@code state} (seed 001's CSRF protection): {@code base64url(nonce | expiry |
 * workspace) . base64url(HMAC-SHA256)}. A forged or altered state fails the signature check; a
 * genuine one is accepted once: its nonce is a row of {@code oauth_states} that the callback
 * deletes, so a replay (even to another instance) finds nothing.
 *
 * <p>The row also keeps the authorization's PKCE {@code code_verifier} (RFC 7636; External Client Apps
 * require it: https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_pkce.htm), sealed by the
 * token cipher and never in the state or any URL — only its S256 challenge leaves this service before the
 * code exchange — and the login URL the authorize request went to, where the code must be exchanged.
 */
public final class OAuthStates {

  /** A new state and the PKCE challenge (BASE64URL(SHA-256(verifier)), unpadded) to send with it. */
  public record Issued(String state, String codeChallenge) {
  }

  /**
   * A consumed state: its workspace, the login URL of its authorize request and the PKCE verifier (both null
   * for a state issued before they were kept); {@link #toString()} never shows the verifier.
   */
  public record Pending(String workspaceId, String loginUrl, String codeVerifier) {
    @Override
    public String toString() {
      return "Pending[workspace=" + workspaceId + ", login=" + loginUrl + "]";
    }
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final JdbcTemplate jdbc;
  private final SecretKeySpec key;
  private final TokenCipher cipher;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public OAuthStates(JdbcTemplate jdbc, byte[] key, TokenCipher cipher, Duration ttl, Clock clock) {
    this.jdbc = jdbc;
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.cipher = cipher;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A state for {@code workspaceId}'s authorize request to {@code loginUrl}, with a fresh PKCE verifier kept here. */
  public Issued issue(String workspaceId, String loginUrl) {
    // RFC 7636 §4.1: 32 random octets, base64url (43 chars, none of the '~' Salesforce refuses: nsflow#249).
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String verifier = B64.encodeToString(secret);
    byte[] nonce = new byte[18];
    random.nextBytes(nonce);
    Instant expires = clock.instant().plus(ttl);
    byte[] ws = workspaceId.getBytes(StandardCharsets.UTF_8);
    byte[] data = ByteBuffer.allocate(nonce.length + 8 + ws.length).put(nonce).putLong(expires.toEpochMilli())
        .put(ws).array();
    jdbc.update("DELETE FROM oauth_states WHERE expires_at < now()");
    jdbc.update("INSERT INTO oauth_states (nonce, workspace_id, expires_at, code_verifier_enc, login_url)"
            + " VALUES (?, ?, ?, ?, ?)",
        B64.encodeToString(nonce), workspaceId, Timestamp.from(expires), cipher.encrypt(workspaceId, verifier), loginUrl);
    return new Issued(B64.encodeToString(data) + "." + B64.encodeToString(mac(data)), challenge(verifier));
  }

  /** RFC 7636 S256. */
  static String challenge(String verifier) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The authorization this state started; empty for a forged, expired or already used one. */
  public Optional<Pending> consume(String state) {
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
    List<Pending> owner = jdbc.query("DELETE FROM oauth_states WHERE nonce = ? AND expires_at >= now()"
            + " RETURNING workspace_id, login_url, code_verifier_enc",
        (rs, i) -> {
          String ws = rs.getString(1);
          byte[] sealed = rs.getBytes(3);
          return new Pending(ws, rs.getString(2), sealed == null || !ws.equals(workspace) ? null
              : cipher.decrypt(ws, sealed));
        },
        B64.encodeToString(nonce));
    return owner.size() == 1 && owner.get(0).workspaceId().equals(workspace) ? Optional.of(owner.get(0))
        : Optional.empty();
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
