package io.leadstream.sfemu.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a JWT bearer assertion as Salesforce does: RS256 signature against the connected app's
 * certificate, {@code iss} = consumer key, {@code aud} = the login URL, {@code sub} = a username,
 * {@code exp} in the future. Error descriptions are Salesforce's: "invalid assertion",
 * "audience is invalid", and — surprisingly, but that is what it answers — "expired authorization
 * code" for an expired assertion.
 */
public final class JwtBearerVerifier {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long CLOCK_SKEW_SECONDS = 5;

  private final PublicKey key;
  private final String clientId;
  private final Set<String> audiences;
  private final Clock clock;

  public JwtBearerVerifier(PublicKey key, String clientId, Set<String> audiences, Clock clock) {
    this.key = key;
    this.clientId = clientId;
    this.audiences = audiences;
    this.clock = clock;
  }

  /** The verified subject (username). */
  public String verify(String assertion) {
    if (assertion == null) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
    String[] parts = assertion.split("\\.", -1);
    if (parts.length != 3) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
    JsonNode header = decodeJson(parts[0]);
    if (!"RS256".equals(header.path("alg").asString(""))) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
    if (!signatureValid(parts)) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
    JsonNode claims = decodeJson(parts[1]);
    if (!clientId.equals(claims.path("iss").asString(""))) {
      throw new OAuthException(400, "invalid_client_id", "client identifier invalid");
    }
    if (!audienceValid(claims.get("aud"))) {
      throw OAuthException.invalidGrant("audience is invalid");
    }
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
    if (exp.longValue() + CLOCK_SKEW_SECONDS <= clock.instant().getEpochSecond()) {
      throw OAuthException.invalidGrant("expired authorization code");
    }
    String sub = claims.path("sub").asString("");
    if (sub.isBlank()) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
    return sub;
  }

  private boolean audienceValid(JsonNode aud) {
    if (aud == null) {
      return false;
    }
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        if (audiences.contains(strip(a.asString()))) {
          return true;
        }
      }
      return false;
    }
    return audiences.contains(strip(aud.asString()));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private boolean signatureValid(String[] parts) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static JsonNode decodeJson(String part) {
    try {
      JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw OAuthException.invalidGrant("invalid assertion");
      }
      return node;
    } catch (IllegalArgumentException | JacksonException e) {
      throw OAuthException.invalidGrant("invalid assertion");
    }
  }
}
