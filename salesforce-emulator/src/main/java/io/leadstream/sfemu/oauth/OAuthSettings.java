package io.leadstream.sfemu.oauth;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one connected app the emulator knows: consumer key/secret, the certificate for the JWT
 * bearer flow, accepted JWT audiences (besides the emulator's login host URL and, unless
 * {@code strictJwtAudience}, its own URL), access token lifetime, if any are given, the allowed
 * callback URLs of the web flow, whether refreshes rotate the refresh token, and whether the app requires
 * PKCE (an External Client App does).
 */
public record OAuthSettings(String clientId, String clientSecret, Optional<PublicKey> jwtKey,
                            Set<String> extraAudiences, Duration accessTokenTtl, List<String> callbackUrls,
                            boolean rotateRefreshTokens, boolean strictJwtAudience, boolean requirePkce) {

  public OAuthSettings(String clientId, String clientSecret, Optional<PublicKey> jwtKey, Set<String> extraAudiences,
                       Duration accessTokenTtl, List<String> callbackUrls) {
    this(clientId, clientSecret, jwtKey, extraAudiences, accessTokenTtl, callbackUrls, false, false, false);
  }
}
