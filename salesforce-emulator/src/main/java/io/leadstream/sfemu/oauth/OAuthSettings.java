package io.leadstream.sfemu.oauth;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one connected app the emulator knows: consumer key/secret, the certificate for the JWT
 * bearer flow, accepted JWT audiences (besides the emulator's own URL), access token lifetime and,
 * if any are given, the allowed callback URLs of the web flow.
 */
public record OAuthSettings(String clientId, String clientSecret, Optional<PublicKey> jwtKey,
                            Set<String> extraAudiences, Duration accessTokenTtl, List<String> callbackUrls) {
}
