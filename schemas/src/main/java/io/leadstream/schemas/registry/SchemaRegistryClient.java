package io.leadstream.schemas.registry;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client of the Confluent Schema Registry REST API: works unchanged against Confluent Schema
 * Registry, Karapace, Apicurio's ccompat API, Redpanda, or this project's own server.
 * <p>
 * Ids and schemas are immutable in a registry, so lookups by id and registrations are cached for
 * the life of the client. Transport failures and 5xx answers are retried with exponential backoff,
 * rotating over the configured URLs; 4xx answers are final and raised as
 * {@link SchemaRegistryException} carrying the registry's {@code error_code}.
 */
public final class SchemaRegistryClient {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> lookedUpIds = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** A registry URL without its user-info (never logged with it) and the credentials to send there. */
    private record Endpoint(URI base, Optional<String> authorization) {
    }

    /** Credentials, if any, from each URL's user-info (Confluent's default source). */
    public SchemaRegistryClient(List<String> baseUrls, Duration requestTimeout, int maxRetries, Duration initialBackoff) {
        this(baseUrls, BasicAuth.fromUrl(), requestTimeout, maxRetries, initialBackoff);
    }

    public SchemaRegistryClient(List<String> baseUrls, BasicAuth auth, Duration requestTimeout, int maxRetries,
                                Duration initialBackoff) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("schema.registry.url needs at least one URL");
        }
        this.endpoints = baseUrls.stream().map(u -> endpoint(u, auth)).toList();
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** A client with 10 s timeouts and 3 retries; {@code urls} is comma-separated, credentials (if any) in their user-info. */
    public static SchemaRegistryClient forUrls(String urls) {
        return forUrls(urls, BasicAuth.fromUrl());
    }

    /** As {@link #forUrls(String)}, authenticating as {@code auth} says (e.g. {@link BasicAuth#fromEnvironment}). */
    public static SchemaRegistryClient forUrls(String urls, BasicAuth auth) {
        List<String> list = Arrays.stream(urls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new SchemaRegistryClient(list, auth, Duration.ofSeconds(10), 3, Duration.ofMillis(100));
    }

    private static Endpoint endpoint(String url, BasicAuth auth) {
        try {
            URI withUserInfo = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            String authority = withUserInfo.getRawAuthority();
            if (withUserInfo.getScheme() == null || authority == null) {
                throw new URISyntaxException("", "not an absolute URL");
            }
            String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
            String path = withUserInfo.getRawPath() == null ? "" : withUserInfo.getRawPath();
            URI base = URI.create(withUserInfo.getScheme() + "://" + hostAndPort + path);
            return new Endpoint(base, auth.authorization(withUserInfo));
        } catch (URISyntaxException e) {
            // Not the parser's message: it quotes the URL, credentials included.
            throw new IllegalArgumentException("schema.registry.url holds a URL that cannot be parsed");
        }
    }

    /** Registers the schema under the subject (idempotent on the server) and returns its id. */
    public int register(String subject, Schema schema) {
        return registeredIds.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
            JsonNode answer = call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
            int id = answer.path("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The id the schema already has under the subject; 40401/40403 when it has none. */
    public int lookupId(String subject, Schema schema) {
        return lookedUpIds.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
            JsonNode answer = call("POST", "/subjects/" + enc(subject), schemaBody(schema));
            int id = answer.path("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The writer schema of an id, as found in a record's wire-format header. */
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, k -> {
            JsonNode answer = call("GET", "/schemas/ids/" + id, null);
            try {
                return new Schema.Parser().parse(answer.path("schema").asString());
            } catch (RuntimeException e) {
                throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA,
                        "Registry returned an unparseable schema for id " + id + ": " + e.getMessage(), e);
            }
        });
    }

    /** Not cached: the latest version moves. */
    public RegisteredSchema latest(String subject) {
        return version(subject, "latest");
    }

    public RegisteredSchema version(String subject, String version) {
        JsonNode a = call("GET", "/subjects/" + enc(subject) + "/versions/" + enc(version), null);
        return new RegisteredSchema(a.path("subject").asString(), a.path("version").asInt(), a.path("id").asInt(), a.path("schema").asString());
    }

    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> subjects.add(n.asString()));
        return subjects;
    }

    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        call("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> versions.add(n.asInt()));
        return versions;
    }

    public boolean isCompatible(String subject, Schema schema) {
        return call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema))
                .path("is_compatible").asBoolean();
    }

    public CompatibilityLevel globalCompatibility() {
        return CompatibilityLevel.parse(call("GET", "/config", null).path("compatibilityLevel").asString());
    }

    /** {@code subject} null sets the global level. */
    public void setCompatibility(String subject, CompatibilityLevel level) {
        String body = json.writeValueAsString(Map.of("compatibility", level.name()));
        call("PUT", subject == null ? "/config" : "/config/" + enc(subject), body);
    }

    // ---- transport ------------------------------------------------------------------------------

    private static String schemaBody(Schema schema) {
        return json.writeValueAsString(Map.of("schema", schema.toString()));
    }

    private JsonNode call(String method, String path, String body) {
        SchemaRegistryException last = null;
        long backoff = initialBackoff.toMillis();
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            Endpoint endpoint = endpoints.get(attempt % endpoints.size());
            URI base = endpoint.base();
            try {
                return once(endpoint, method, path, body);
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                last = e;
                if (attempt < maxRetries) {
                    log.warn("Schema registry {} {}{} failed ({}); retry {} of {} in {} ms",
                            method, base, path, e.getMessage(), attempt + 1, maxRetries, backoff);
                    sleep(backoff);
                    backoff *= 2;
                }
            }
        }
        throw last;
    }

    private JsonNode once(Endpoint endpoint, String method, String path, String body) {
        URI base = endpoint.base();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        endpoint.authorization().ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SchemaRegistryException(0, 0, "Schema registry at " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, 0, "Interrupted while calling the schema registry", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            if (answer == null) {
                throw new SchemaRegistryException(response.statusCode(), 0,
                        "Schema registry answered " + method + " " + path + " with a body that is not JSON");
            }
            return answer;
        }
        int code = answer == null ? response.statusCode() : answer.path("error_code").asInt(response.statusCode());
        String message = answer == null ? "HTTP " + response.statusCode() : answer.path("message").asString("HTTP " + response.statusCode());
        throw new SchemaRegistryException(response.statusCode(), code, message);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, 0, "Interrupted while backing off", e);
        }
    }
}
