package io.leadstream.sfemu;

import io.leadstream.sfemu.oauth.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Emulator settings. Defaults suit tests: loopback, random port, client "test-client"/"test-secret",
 * 2 h tokens, 15,000 requests a day, JWT audiences login/test.salesforce.com plus the emulator's URL.
 *
 * <p>The admin API (data, request counts, fault injection; no authentication) has a listener of its
 * own at {@code adminHost:adminPort}, loopback by default whatever {@code host} is (SPEC §14): binding or
 * publishing the Salesforce API to a network never exposes fault injection to it. Port 0 = any free port.
 */
public record EmulatorConfig(String host, int port, String clientId, String clientSecret,
                             Optional<PublicKey> jwtPublicKey, Set<String> jwtAudiences,
                             Duration accessTokenTtl, long dailyApiLimit, List<String> callbackUrls,
                             Optional<Path> dataFile, int threads, String adminHost, int adminPort,
                             OrgBehaviours behaviours, Optional<String> publicUrl) {

  /** Without a public URL: the emulator names the address it listens on (keeps callers of this shape compiling). */
  public EmulatorConfig(String host, int port, String clientId, String clientSecret, Optional<PublicKey> jwtPublicKey,
                        Set<String> jwtAudiences, Duration accessTokenTtl, long dailyApiLimit, List<String> callbackUrls,
                        Optional<Path> dataFile, int threads, String adminHost, int adminPort, OrgBehaviours behaviours) {
    this(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls,
        dataFile, threads, adminHost, adminPort, behaviours, Optional.empty());
  }

  /** Without {@link OrgBehaviours}: the defaults, as before they existed (keeps callers of this shape compiling). */
  public EmulatorConfig(String host, int port, String clientId, String clientSecret, Optional<PublicKey> jwtPublicKey,
                        Set<String> jwtAudiences, Duration accessTokenTtl, long dailyApiLimit, List<String> callbackUrls,
                        Optional<Path> dataFile, int threads, String adminHost, int adminPort) {
    this(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls,
        dataFile, threads, adminHost, adminPort, OrgBehaviours.defaults());
  }

  public static EmulatorConfig defaults() {
    return new EmulatorConfig("127.0.0.1", 0, "test-client", "test-secret", Optional.empty(),
        Set.of("https://login.salesforce.com", "https://test.salesforce.com"), Duration.ofHours(2), 15_000,
        List.of(), Optional.empty(), 8, "127.0.0.1", 0, OrgBehaviours.defaults());
  }

  public EmulatorConfig withPort(int p) {
    return new EmulatorConfig(host, p, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withClient(String id, String secret) {
    return new EmulatorConfig(host, port, id, secret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withJwtPublicKey(PublicKey key) {
    return new EmulatorConfig(host, port, clientId, clientSecret, Optional.of(key), jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withAccessTokenTtl(Duration ttl) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, ttl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withDailyApiLimit(long limit) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, limit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withCallbackUrls(List<String> urls) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, List.copyOf(urls), dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withDataFile(Path file) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, Optional.of(file), threads, adminHost, adminPort, behaviours, publicUrl);
  }

  public EmulatorConfig withHost(String h) {
    return new EmulatorConfig(h, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, publicUrl);
  }

  /** The admin API's listener; keep it on loopback unless only trusted hosts can reach {@code host}. */
  public EmulatorConfig withAdmin(String h, int p) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, h, p, behaviours, publicUrl);
  }

  /**
   * The URL clients are told to use (instance_url, the login and authorize URLs, identity URLs) when it is not
   * the listening address: behind a proxy, or in docker-compose where containers and the host's browser reach the
   * emulator by one name (docker-compose.yml: {@code http://salesforce-emulator.localhost:8787}).
   */
  public EmulatorConfig withPublicUrl(String url) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, behaviours, Optional.of(url));
  }

  /** Real-org behaviours to model, see {@link OrgBehaviours}. */
  public EmulatorConfig withBehaviours(OrgBehaviours b) {
    return new EmulatorConfig(host, port, clientId, clientSecret, jwtPublicKey, jwtAudiences, accessTokenTtl, dailyApiLimit, callbackUrls, dataFile, threads, adminHost, adminPort, b, publicUrl);
  }

  /**
   * From environment variables, each overridable by the system property in brackets:
   * SF_EMULATOR_HOST (sfemu.host), SF_EMULATOR_PORT (sfemu.port, default 8787 here),
   * SF_EMULATOR_CLIENT_ID (sfemu.clientId), SF_EMULATOR_CLIENT_SECRET (sfemu.clientSecret),
   * SF_EMULATOR_JWT_CERT (sfemu.jwtCert: path of a PEM certificate or public key),
   * SF_EMULATOR_JWT_AUDIENCES (sfemu.jwtAudiences, comma-separated),
   * SF_EMULATOR_TOKEN_TTL_SECONDS (sfemu.tokenTtlSeconds), SF_EMULATOR_DAILY_LIMIT (sfemu.dailyLimit),
   * SF_EMULATOR_CALLBACK_URLS (sfemu.callbackUrls, comma-separated), SF_EMULATOR_DATA_FILE (sfemu.dataFile),
   * SF_EMULATOR_THREADS (sfemu.threads), SF_EMULATOR_ADMIN_HOST (sfemu.adminHost, default 127.0.0.1),
   * SF_EMULATOR_ADMIN_PORT (sfemu.adminPort, default 8788 here: the API's default port + 1),
   * SF_EMULATOR_PUBLIC_URL (sfemu.publicUrl: the URL clients are given, see {@link #withPublicUrl}); real-org behaviours
   * ({@link OrgBehaviours}): SF_EMULATOR_ROTATE_REFRESH_TOKENS (sfemu.rotateRefreshTokens, true|false),
   * SF_EMULATOR_STRICT_JWT_AUDIENCE (sfemu.strictJwtAudience, true|false), SF_EMULATOR_REJECT_CONVERTED_LEAD_REFERENCES
   * (sfemu.rejectConvertedLeadReferences, default true), SF_EMULATOR_SOSL_INDEX_LAG_SECONDS (sfemu.soslIndexLagSeconds),
   * SF_EMULATOR_CHANGE_WINDOW_RESOLUTION_MILLIS (sfemu.changeWindowResolutionMillis, default 60000),
   * SF_EMULATOR_APP_NAME (sfemu.appName) with SF_EMULATOR_PER_APP_LIMIT (sfemu.perAppLimit),
   * SF_EMULATOR_REQUIRE_PKCE (sfemu.requirePkce, true|false: an External Client App).
   */
  public static EmulatorConfig fromEnvironment(Map<String, String> env, Properties props) {
    EmulatorConfig d = defaults();
    Lookup l = new Lookup(env, props);
    Optional<PublicKey> key = l.get("SF_EMULATOR_JWT_CERT", "sfemu.jwtCert").map(p -> {
      try {
        return PublicKeys.fromPem(Files.readString(Path.of(p)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read JWT certificate " + p, e);
      }
    });
    return new EmulatorConfig(
        l.get("SF_EMULATOR_HOST", "sfemu.host").orElse(d.host()),
        l.get("SF_EMULATOR_PORT", "sfemu.port").map(Integer::parseInt).orElse(8787),
        l.get("SF_EMULATOR_CLIENT_ID", "sfemu.clientId").orElse(d.clientId()),
        l.get("SF_EMULATOR_CLIENT_SECRET", "sfemu.clientSecret").orElse(d.clientSecret()),
        key,
        l.get("SF_EMULATOR_JWT_AUDIENCES", "sfemu.jwtAudiences").map(s -> Set.copyOf(split(s))).orElse(d.jwtAudiences()),
        l.get("SF_EMULATOR_TOKEN_TTL_SECONDS", "sfemu.tokenTtlSeconds").map(s -> Duration.ofSeconds(Long.parseLong(s)))
            .orElse(d.accessTokenTtl()),
        l.get("SF_EMULATOR_DAILY_LIMIT", "sfemu.dailyLimit").map(Long::parseLong).orElse(d.dailyApiLimit()),
        l.get("SF_EMULATOR_CALLBACK_URLS", "sfemu.callbackUrls").map(EmulatorConfig::split).orElse(d.callbackUrls()),
        l.get("SF_EMULATOR_DATA_FILE", "sfemu.dataFile").map(Path::of),
        l.get("SF_EMULATOR_THREADS", "sfemu.threads").map(Integer::parseInt).orElse(d.threads()),
        l.get("SF_EMULATOR_ADMIN_HOST", "sfemu.adminHost").orElse(d.adminHost()),
        l.get("SF_EMULATOR_ADMIN_PORT", "sfemu.adminPort").map(Integer::parseInt).orElse(8788),
        behaviours(l),
        l.get("SF_EMULATOR_PUBLIC_URL", "sfemu.publicUrl").filter(u -> !u.isBlank()));
  }

  private static OrgBehaviours behaviours(Lookup l) {
    OrgBehaviours d = OrgBehaviours.defaults();
    return new OrgBehaviours(
        l.get("SF_EMULATOR_ROTATE_REFRESH_TOKENS", "sfemu.rotateRefreshTokens").map(Boolean::parseBoolean)
            .orElse(d.rotateRefreshTokens()),
        l.get("SF_EMULATOR_STRICT_JWT_AUDIENCE", "sfemu.strictJwtAudience").map(Boolean::parseBoolean)
            .orElse(d.strictJwtAudience()),
        l.get("SF_EMULATOR_REJECT_CONVERTED_LEAD_REFERENCES", "sfemu.rejectConvertedLeadReferences")
            .map(Boolean::parseBoolean).orElse(d.rejectConvertedLeadReferences()),
        l.get("SF_EMULATOR_SOSL_INDEX_LAG_SECONDS", "sfemu.soslIndexLagSeconds")
            .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000))).orElse(d.soslIndexLag()),
        l.get("SF_EMULATOR_CHANGE_WINDOW_RESOLUTION_MILLIS", "sfemu.changeWindowResolutionMillis")
            .map(s -> Duration.ofMillis(Long.parseLong(s))).orElse(d.changeWindowResolution()),
        l.get("SF_EMULATOR_APP_NAME", "sfemu.appName"),
        l.get("SF_EMULATOR_PER_APP_LIMIT", "sfemu.perAppLimit").map(Long::parseLong).orElse(d.perAppApiLimit()),
        l.get("SF_EMULATOR_REQUIRE_PKCE", "sfemu.requirePkce").map(Boolean::parseBoolean).orElse(d.requirePkce()));
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private record Lookup(Map<String, String> env, Properties props) {
    Optional<String> get(String envName, String propName) {
      String p = props.getProperty(propName);
      if (p != null && !p.isBlank()) {
        return Optional.of(p);
      }
      return Optional.ofNullable(env.get(envName)).filter(v -> !v.isBlank());
    }
  }
}
