package io.leadstream.schemas.registry.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadstream.schemas.kafka.KafkaClientSecurity;
import io.leadstream.schemas.registry.CompatibilityLevel;
import io.leadstream.schemas.registry.RegisteredSchema;
import io.leadstream.schemas.registry.RegistryError;
import io.leadstream.schemas.registry.SchemaRegistryException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embeddable schema registry speaking the Confluent Schema Registry REST API (the subset in
 * SPEC §4), so Confluent's own serializers, kafkajs' registry client, Karapace/Apicurio tooling or
 * curl can use it. Storage is a {@link SchemaLog}: {@link KafkaSchemaLog} for a durable registry.
 * <p>
 * Optionally it requires HTTP basic auth (SPEC §14, as Confluent Cloud's registry does): every request
 * without a known user's credentials is answered 401 with Confluent's error body.
 *
 * <pre>
 *   try (var registry = SchemaRegistryServer.startOnKafka("localhost:9092", 0)) {
 *       String url = registry.url();
 *   }
 * </pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {
    static {
        // The JDK HTTP server writes headers and body in separate packets without TCP_NODELAY: Nagle plus the
        // client's delayed ACK then add ~40 ms to every response on loopback. The flag is read once, when the
        // first server of the JVM starts, so it is set here unless the JVM was started with a choice of its own.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Large enough for any real schema, small enough that a careless client can't exhaust memory. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Pattern SUBJECT_VERSIONS = Pattern.compile("^/subjects/([^/]+)/versions/?$");
    private static final Pattern SUBJECT_VERSION = Pattern.compile("^/subjects/([^/]+)/versions/([^/]+)/?$");
    private static final Pattern SUBJECT_VERSION_SCHEMA = Pattern.compile("^/subjects/([^/]+)/versions/([^/]+)/schema/?$");
    private static final Pattern SUBJECT = Pattern.compile("^/subjects/([^/]+)/?$");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("^/schemas/ids/([^/]+)/?$");
    private static final Pattern SCHEMA_BY_ID_RAW = Pattern.compile("^/schemas/ids/([^/]+)/schema/?$");
    private static final Pattern COMPATIBILITY = Pattern.compile("^/compatibility/subjects/([^/]+)/versions/([^/]+)/?$");
    private static final Pattern SUBJECT_CONFIG = Pattern.compile("^/config/([^/]+)/?$");

    /** The standalone server's users: one {@code user:password} (the client side is {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}). */
    public static final String SERVER_USER_INFO_VARIABLE = "SCHEMA_REGISTRY_SERVER_BASIC_AUTH_USER_INFO";

    private final SchemaRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final BasicAuthUsers users;

    private SchemaRegistryServer(SchemaRegistry registry, HttpServer server, ExecutorService executor, BasicAuthUsers users) {
        this.registry = registry;
        this.server = server;
        this.executor = executor;
        this.users = users;
    }

    /** Starts a durable registry whose schemas live in {@code _schemas} on the given cluster. Port 0 picks a free one. */
    public static SchemaRegistryServer startOnKafka(String bootstrapServers, int port) {
        return start(new SchemaRegistry(new KafkaSchemaLog(bootstrapServers)), "127.0.0.1", port);
    }

    /** Starts a registry that forgets its schemas when it stops. */
    public static SchemaRegistryServer startInMemory(int port) {
        return start(new SchemaRegistry(new InMemorySchemaLog()), "127.0.0.1", port);
    }

    public static SchemaRegistryServer start(SchemaRegistry registry, String host, int port) {
        return start(registry, host, port, Map.of());
    }

    /** @param basicAuthUsers user name to password; every request must carry one of them (none: no authentication) */
    public static SchemaRegistryServer start(SchemaRegistry registry, String host, int port, Map<String, String> basicAuthUsers) {
        BasicAuthUsers users = new BasicAuthUsers(basicAuthUsers);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "schema-registry-http");
                t.setDaemon(true);
                return t;
            });
            SchemaRegistryServer instance = new SchemaRegistryServer(registry, server, executor, users);
            server.createContext("/", instance::handle);
            server.setExecutor(executor);
            server.start();
            log.info("Schema registry listening on {}{}", instance.url(), users.required() ? " (HTTP basic auth)" : "");
            return instance;
        } catch (IOException e) {
            registry.close();
            throw new IllegalStateException("Cannot bind schema registry to " + host + ":" + port, e);
        }
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.close();
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Object body;
            int status = 200;
            try {
                // Confluent's registry (cp-schema-registry with authentication.method=BASIC) answers exactly this:
                // 401 {"error_code":401,"message":"Unauthorized"}, e.g. https://github.com/factorhouse/factorhouse-local/issues/27
                if (!users.accept(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
                    throw new SchemaRegistryException(401, 401, "Unauthorized");
                }
                body = route(exchange.getRequestMethod(), exchange.getRequestURI(), exchange);
            } catch (SchemaRegistryException e) {
                status = e.httpStatus();
                body = error(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("Unexpected error on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error(50001, "Error in the backend data store: " + e.getMessage());
            }
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(String method, URI uri, HttpExchange exchange) throws IOException {
        String path = uri.getRawPath();
        Map<String, String> query = queryParams(uri.getRawQuery());
        Matcher m;
        if (path.equals("/") || path.isEmpty()) {
            return Map.of();
        }
        if (path.equals("/subjects") || path.equals("/subjects/")) {
            requireMethod(method, "GET");
            return registry.subjects();
        }
        if (path.equals("/schemas/types")) {
            requireMethod(method, "GET");
            return List.of("AVRO");
        }
        if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            if (method.equals("GET")) {
                return registry.versions(subject);
            }
            requireMethod(method, "POST");
            JsonNode request = readBody(exchange);
            int id = registry.register(subject, schemaText(request), schemaType(request));
            return Map.of("id", id);
        }
        if ((m = SUBJECT_VERSION_SCHEMA.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return json.readTree(registry.version(decode(m.group(1)), decode(m.group(2))).schema());
        }
        if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return describe(registry.version(decode(m.group(1)), decode(m.group(2))));
        }
        if ((m = SUBJECT.matcher(path)).matches()) {
            requireMethod(method, "POST");
            JsonNode request = readBody(exchange);
            return describe(registry.lookup(decode(m.group(1)), schemaText(request), schemaType(request)));
        }
        if ((m = SCHEMA_BY_ID_RAW.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return json.readTree(registry.schemaById(parseId(m.group(1))));
        }
        if ((m = SCHEMA_BY_ID.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return Map.of("schema", registry.schemaById(parseId(m.group(1))));
        }
        if ((m = COMPATIBILITY.matcher(path)).matches()) {
            requireMethod(method, "POST");
            JsonNode request = readBody(exchange);
            List<String> errors = registry.compatibilityErrors(decode(m.group(1)), decode(m.group(2)),
                    schemaText(request), schemaType(request));
            ObjectNode result = json.createObjectNode().put("is_compatible", errors.isEmpty());
            if ("true".equals(query.get("verbose"))) {
                result.putPOJO("messages", errors);
            }
            return result;
        }
        if (path.equals("/config") || path.equals("/config/")) {
            if (method.equals("GET")) {
                return Map.of("compatibilityLevel", registry.globalCompatibility().name());
            }
            requireMethod(method, "PUT");
            CompatibilityLevel level = compatibility(readBody(exchange));
            registry.setCompatibility(null, level);
            return Map.of("compatibility", level.name());
        }
        if ((m = SUBJECT_CONFIG.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            if (method.equals("GET")) {
                CompatibilityLevel level = registry.subjectCompatibility(subject)
                        .or(() -> "true".equals(query.get("defaultToGlobal"))
                                ? java.util.Optional.of(registry.globalCompatibility()) : java.util.Optional.empty())
                        .orElseThrow(() -> new SchemaRegistryException(RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                "Subject '" + subject + "' does not have subject-level compatibility configured"));
                return Map.of("compatibilityLevel", level.name());
            }
            requireMethod(method, "PUT");
            CompatibilityLevel level = compatibility(readBody(exchange));
            registry.setCompatibility(subject, level);
            return Map.of("compatibility", level.name());
        }
        throw new SchemaRegistryException(RegistryError.NOT_FOUND, "HTTP 404 Not Found");
    }

    private static Map<String, Object> describe(RegisteredSchema s) {
        return Map.of("subject", s.subject(), "version", s.version(), "id", s.id(), "schema", s.schema());
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error_code", code, "message", message);
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new SchemaRegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new SchemaRegistryException(RegistryError.UNPROCESSABLE_ENTITY, "Unprocessable entity: request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new SchemaRegistryException(RegistryError.UNPROCESSABLE_ENTITY,
                    "Unprocessable entity: request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String schemaText(JsonNode request) {
        JsonNode schema = request.get("schema");
        if (schema == null || schema.isNull()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: field 'schema' is required");
        }
        if (!schema.isString()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: field 'schema' must be a string holding the schema JSON");
        }
        JsonNode references = request.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: schema references are not supported by this registry");
        }
        return schema.asString();
    }

    private static String schemaType(JsonNode request) {
        JsonNode type = request.get("schemaType");
        return type == null || type.isNull() ? null : type.asString();
    }

    private static CompatibilityLevel compatibility(JsonNode request) {
        JsonNode level = request.get("compatibility");
        return CompatibilityLevel.parse(level == null || level.isNull() ? null : level.asString());
    }

    private static int parseId(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + raw + " not found");
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new SchemaRegistryException(RegistryError.METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed");
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> queryParams(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        java.util.HashMap<String, String> params = new java.util.HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    /**
     * Runs a durable registry: {@code KAFKA_BOOTSTRAP_SERVERS} (default localhost:9092) and the
     * {@link KafkaClientSecurity} variables for a secured cluster, {@code SCHEMA_REGISTRY_PORT} (default 8085),
     * {@code SCHEMA_REGISTRY_SERVER_BASIC_AUTH_USER_INFO} ({@code user:password}) to require basic auth.
     */
    public static void main(String[] args) throws InterruptedException {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        int port = Integer.parseInt(System.getenv().getOrDefault("SCHEMA_REGISTRY_PORT", "8085"));
        Map<String, Object> kafka = KafkaClientSecurity.fromEnvironment(System::getenv)
                .addTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        Map<String, String> users = BasicAuthUsers.fromUserInfo(System.getenv(SERVER_USER_INFO_VARIABLE), SERVER_USER_INFO_VARIABLE);
        SchemaRegistryServer server = start(new SchemaRegistry(new KafkaSchemaLog(kafka)), "0.0.0.0", port, users);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "schema-registry-shutdown"));
        Thread.currentThread().join();
    }
}
