package io.leadstream.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command line of the dev stack. Every external-service option has an environment variable of the
 * same meaning, so secrets never need to be on the command line:
 *
 * <pre>
 *   --demo / --no-demo            drive demo traffic (default: on)
 *   --leads N                     demo size (default 2000)
 *   --port-base P                 event-api P, stream-app P+1, crm-sink P+2, registry P+5, emulator P+7,
 *                                 emulator admin API P+8, management (health, metrics) of event-api P+10,
 *                                 stream-app P+11, crm-sink P+12 (default 8080; 0 = any free ports)
 *   --exit                        stop after the demo summary instead of waiting for Ctrl-C
 *   --run-dir DIR                 logs and state (default ./.devstack/run-&lt;timestamp&gt;)
 *   --kafka HOST:PORT             a real Kafka instead of the embedded broker     (DEVSTACK_KAFKA_BOOTSTRAP_SERVERS;
 *                                 a secured one: KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*)
 *   --schema-registry URL         a real registry instead of the embedded one     (DEVSTACK_SCHEMA_REGISTRY_URL;
 *                                 with basic auth: SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE / _USER_INFO)
 *   --postgres JDBC_URL           a real PostgreSQL; user/password from DATABASE_USER / DATABASE_PASSWORD
 *                                                                                 (DEVSTACK_DATABASE_URL)
 *   --salesforce LOGIN_URL        a real org; client id/secret from SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET
 *                                 (client_credentials, or SALESFORCE_GRANT=jwt_bearer with SALESFORCE_USERNAME
 *                                 and SALESFORCE_PRIVATE_KEY)                     (DEVSTACK_SALESFORCE_LOGIN_URL)
 * </pre>
 */
public record DevstackOptions(boolean demo, int leads, int portBase, boolean exitAfterDemo, Optional<Path> runDir,
                              Optional<String> kafka, Optional<String> schemaRegistry, Optional<String> postgres,
                              Optional<String> salesforce, int partitions, long seed) {

    public static final String USAGE = String.join("\n",
            "usage: java -jar devstack/target/devstack.jar [--demo|--no-demo] [--leads N] [--port-base P] [--exit]",
            "         [--run-dir DIR] [--kafka HOST:PORT] [--schema-registry URL] [--postgres JDBC_URL]",
            "         [--salesforce LOGIN_URL] [--partitions N] [--seed N]",
            "External services may also be given as DEVSTACK_KAFKA_BOOTSTRAP_SERVERS, DEVSTACK_SCHEMA_REGISTRY_URL,",
            "DEVSTACK_DATABASE_URL (+ DATABASE_USER, DATABASE_PASSWORD) and DEVSTACK_SALESFORCE_LOGIN_URL",
            "(+ SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_GRANT, SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY).",
            "A secured --kafka takes KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_* from the environment, a",
            "registry with basic auth SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE and SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO.");

    public static DevstackOptions defaults() {
        return new DevstackOptions(true, 2000, 8080, false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 6, 42L);
    }

    public static DevstackOptions parse(String[] args, Map<String, String> env) {
        DevstackOptions d = defaults();
        boolean demo = d.demo();
        int leads = d.leads();
        int portBase = d.portBase();
        boolean exit = d.exitAfterDemo();
        Optional<Path> runDir = Optional.empty();
        Optional<String> kafka = env(env, "DEVSTACK_KAFKA_BOOTSTRAP_SERVERS");
        Optional<String> registry = env(env, "DEVSTACK_SCHEMA_REGISTRY_URL");
        Optional<String> postgres = env(env, "DEVSTACK_DATABASE_URL");
        Optional<String> salesforce = env(env, "DEVSTACK_SALESFORCE_LOGIN_URL");
        int partitions = d.partitions();
        long seed = d.seed();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--demo" -> demo = true;
                case "--no-demo" -> demo = false;
                case "--exit" -> exit = true;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (value == null) {
                        if (i + 1 >= rest.size()) {
                            throw new IllegalArgumentException("missing value for " + a + "\n" + USAGE);
                        }
                        value = rest.get(++i);
                    }
                    switch (a) {
                        case "--leads" -> leads = positive(a, value);
                        case "--port-base" -> portBase = Integer.parseInt(value);
                        case "--run-dir" -> runDir = Optional.of(Path.of(value));
                        case "--kafka" -> kafka = Optional.of(value);
                        case "--schema-registry" -> registry = Optional.of(value);
                        case "--postgres" -> postgres = Optional.of(value);
                        case "--salesforce" -> salesforce = Optional.of(value);
                        case "--partitions" -> partitions = positive(a, value);
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                }
            }
        }
        if (portBase != 0 && (portBase < 1024 || portBase > 65_000)) {
            throw new IllegalArgumentException("--port-base must be 0 or between 1024 and 65000");
        }
        return new DevstackOptions(demo, leads, portBase, exit, runDir, kafka, registry, postgres, salesforce,
                partitions, seed);
    }

    public DevstackOptions withLeads(int n) {
        return new DevstackOptions(demo, n, portBase, exitAfterDemo, runDir, kafka, schemaRegistry, postgres,
                salesforce, partitions, seed);
    }

    private static int positive(String name, String value) {
        int v = Integer.parseInt(value);
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return v;
    }

    private static Optional<String> env(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }
}
