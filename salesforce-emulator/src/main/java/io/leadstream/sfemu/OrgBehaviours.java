package io.leadstream.sfemu;

import java.time.Duration;
import java.util.Optional;

/**
 * Real-org behaviours a client must cope with that the emulator models only when asked (SPEC §11), each
 * with the default that keeps the emulator as it always answered, except where the old answer was one
 * no real org gives and no test relied on it ({@link #rejectConvertedLeadReferences}):
 * <ul>
 *   <li>{@code rotateRefreshTokens}: a refresh returns a new refresh_token and the old one dies.</li>
 *   <li>{@code strictJwtAudience}: JWT bearer {@code aud} must be a login host (the configured audiences or the
 *       emulator's login host URL), never the emulator's own (My Domain) URL.</li>
 *   <li>{@code rejectConvertedLeadReferences}: a Task/Event whose WhoId is a converted Lead fails with
 *       CANNOT_UPDATE_CONVERTED_LEAD (on by default: real orgs always do).</li>
 *   <li>{@code soslIndexLag}: records created less than this long ago are not found by SOSL (SOQL finds them).</li>
 *   <li>{@code changeWindowResolution}: the granularity of {@code sobjects/{T}/updated|deleted} windows; real
 *       orgs ignore seconds (one minute), tests may shrink it to see a change without waiting for the minute.</li>
 *   <li>{@code connectedAppName} / {@code perAppApiLimit}: adds {@code per-app-api-usage=N/M(appName=…)} to
 *       Sforce-Limit-Info (reported, not enforced).</li>
 *   <li>{@code requirePkce}: the app requires PKCE, as every External Client App does: an authorize request
 *       without a {@code code_challenge} is refused (a code issued with one always needs its verifier).</li>
 * </ul>
 */
public record OrgBehaviours(boolean rotateRefreshTokens, boolean strictJwtAudience, boolean rejectConvertedLeadReferences,
                            Duration soslIndexLag, Duration changeWindowResolution, Optional<String> connectedAppName,
                            long perAppApiLimit, boolean requirePkce) {

  public OrgBehaviours {
    if (changeWindowResolution.isZero() || changeWindowResolution.isNegative()) {
      throw new IllegalArgumentException("changeWindowResolution must be positive");
    }
    if (soslIndexLag.isNegative()) {
      throw new IllegalArgumentException("soslIndexLag must not be negative");
    }
  }

  public static OrgBehaviours defaults() {
    return new OrgBehaviours(false, false, true, Duration.ZERO, Duration.ofMinutes(1), Optional.empty(), 0, false);
  }

  public OrgBehaviours withRefreshTokenRotation(boolean on) {
    return new OrgBehaviours(on, strictJwtAudience, rejectConvertedLeadReferences, soslIndexLag, changeWindowResolution,
        connectedAppName, perAppApiLimit, requirePkce);
  }

  public OrgBehaviours withStrictJwtAudience(boolean on) {
    return new OrgBehaviours(rotateRefreshTokens, on, rejectConvertedLeadReferences, soslIndexLag, changeWindowResolution,
        connectedAppName, perAppApiLimit, requirePkce);
  }

  public OrgBehaviours withConvertedLeadReferencesRejected(boolean on) {
    return new OrgBehaviours(rotateRefreshTokens, strictJwtAudience, on, soslIndexLag, changeWindowResolution,
        connectedAppName, perAppApiLimit, requirePkce);
  }

  public OrgBehaviours withSoslIndexLag(Duration lag) {
    return new OrgBehaviours(rotateRefreshTokens, strictJwtAudience, rejectConvertedLeadReferences, lag,
        changeWindowResolution, connectedAppName, perAppApiLimit, requirePkce);
  }

  public OrgBehaviours withChangeWindowResolution(Duration resolution) {
    return new OrgBehaviours(rotateRefreshTokens, strictJwtAudience, rejectConvertedLeadReferences, soslIndexLag,
        resolution, connectedAppName, perAppApiLimit, requirePkce);
  }

  public OrgBehaviours withPerAppApiLimit(String appName, long limit) {
    return new OrgBehaviours(rotateRefreshTokens, strictJwtAudience, rejectConvertedLeadReferences, soslIndexLag,
        changeWindowResolution, Optional.of(appName), limit, requirePkce);
  }

  public OrgBehaviours withPkceRequired(boolean on) {
    return new OrgBehaviours(rotateRefreshTokens, strictJwtAudience, rejectConvertedLeadReferences, soslIndexLag,
        changeWindowResolution, connectedAppName, perAppApiLimit, on);
  }
}
