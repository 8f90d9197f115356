package io.leadstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.devstack.demo.CrmSeeder;
import io.leadstream.devstack.demo.DemoDriver;
import io.leadstream.devstack.demo.DemoPlan;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.registry.BasicAuth;
import io.leadstream.schemas.registry.server.KafkaSchemaLog;
import io.leadstream.schemas.registry.server.SchemaRegistry;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.topic.TopicSpec;
import io.leadstream.schemas.topic.Topics;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.testkit.kafka.EmbeddedKafkaBroker;
import io.leadstream.testkit.kafka.KafkaAccess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a secured cluster, as on Confluent Cloud (SPEC §14): a SASL_SSL broker enforcing
 * ACLs and a schema registry requiring HTTP basic auth, both given to devstack as "real" ones
 * ({@code --kafka}, {@code --schema-registry}). Each service runs from its jar as its own principal
 * with only the ACLs it needs, every credential from the environment — stream-app and crm-sink with
 * SCRAM-SHA-512, event-api with PLAIN (Confluent Cloud's API key mechanism) — and devstack's own
 * clients (progress, summary) as the operator. One lead's events go in through event-api and come out
 * as its lead.state.v1 record and a Salesforce Task per call.
 */
class SecuredPipelineEndToEndTest {

    private static final PrintStream OUT = System.out;
    /** stream-app's default application.id: its group, its internal topics' and transactional ids' prefix. */
    private static final String STREAMS_APPLICATION_ID = "leadstream-stream-app";
    private static final String REGISTRY_USER = "leadstream-sr";

    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryServer registry;
    private static Stack stack;

    @BeforeAll
    static void startSecuredInfrastructureAndTheServices() throws Exception {
        broker = EmbeddedKafkaBroker.builder().tls()
                .user("stream-app", secret()).user("crm-sink", secret()).user("event-api", secret())
                .user("schema-registry", secret())
                .build();
        broker.start();
        grantEachServiceItsAcls();

        String registryPassword = secret();
        registry = SchemaRegistryServer.start(new SchemaRegistry(new KafkaSchemaLog(broker.clientProperties("schema-registry"))),
                "127.0.0.1", 0, Map.of(REGISTRY_USER, registryPassword));

        Map<String, String> operatorEnv = new HashMap<>(broker.clientEnvironment(broker.superUser()));
        operatorEnv.put(BasicAuth.CREDENTIALS_SOURCE_VARIABLE, "USER_INFO");
        operatorEnv.put(BasicAuth.USER_INFO_VARIABLE, REGISTRY_USER + ":" + registryPassword);

        Path root = Path.of(System.getProperty("leadstream.root", "..")).toAbsolutePath().normalize();
        Path runDir = root.resolve("devstack/target/test-run-secured-" + System.currentTimeMillis());
        Files.createDirectories(runDir.resolve("logs"));
        System.setProperty("devstack.logdir", runDir.resolve("logs").toString());
        DevstackOptions options = DevstackOptions.parse(new String[] {"--port-base", "0", "--partitions", "2",
                "--kafka", broker.bootstrapServers(), "--schema-registry", registry.url()}, Map.of());
        stack = Stack.start(options, root, runDir, operatorEnv, Map.of(
                "stream-app", broker.clientEnvironment("stream-app"),
                "crm-sink", broker.clientEnvironment("crm-sink"),
                "event-api", broker.clientEnvironment("event-api", "PLAIN")), OUT);
        stack.printUrls(OUT);
    }

    /** What a service account of each service gets on a managed cluster: its topics, group, transactional ids. */
    private static void grantEachServiceItsAcls() {
        // stream-app creates the whole topic contract at start (SPEC §3) and owns its Streams internals.
        String[] everyTopicAndStreamsInternals = Stream.concat(Topics.ALL.stream().map(TopicSpec::name),
                Stream.of(STREAMS_APPLICATION_ID)).toArray(String[]::new);
        broker.grant("stream-app", KafkaAccess.toTopicsPrefixed(everyTopicAndStreamsInternals)
                .andGroupsPrefixed(STREAMS_APPLICATION_ID).andTransactionalIdsPrefixed(STREAMS_APPLICATION_ID)
                .andIdempotentWrite());
        broker.grant("crm-sink", KafkaAccess.toTopicsPrefixed(Topics.LEAD_STATE.name(), Topics.LEAD_ENGAGEMENT.name(),
                Topics.CRM_ACTIVITIES.name(), Topics.CRM_SINK_DLQ.name()).andGroupsPrefixed("crm-sink").andIdempotentWrite());
        broker.grant("event-api", KafkaAccess.toTopicsPrefixed(Topics.VOICE_EVENTS.name(), Topics.CADENCE_DEFINITIONS.name())
                .andIdempotentWrite());
        broker.grant("schema-registry", KafkaAccess.toTopicsPrefixed(KafkaSchemaLog.DEFAULT_TOPIC).andIdempotentWrite());
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anEventPostedThroughEventApiBecomesLeadStateAndSalesforceTasks() {
        DemoPlan plan = DemoPlan.generate(12, 5L, "secured", Instant.now());
        DemoPlan.DemoLead lead = plan.leads().stream()
                .filter(l -> l.inSalesforce() && l.answered() > 0 && !l.optedOut()).findFirst().orElseThrow();
        SalesforceEmulator emulator = stack.infra().emulator().orElseThrow();
        CrmSeeder.seed(emulator, plan);
        DemoDriver driver = new DemoDriver(stack.services().eventApi().url(), stack.services().devToken());

        driver.sendEvents(lead.events());

        assertThat(driver.rejected()).as(String.valueOf(driver.firstProblem())).isZero();
        assertThat(driver.accepted()).isEqualTo(lead.events().size());
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<LeadState> states = stack.topics().readAll(Topics.LEAD_STATE.name(), LeadState.class).stream()
                    .filter(s -> s.getLeadId().equals(lead.leadId())).toList();
            assertThat(states).isNotEmpty();
            assertThat(states.get(states.size() - 1).getVersion()).isEqualTo(lead.events().size());
            List<Object> taskCallIds = emulator.records("Task").stream().map(r -> r.get("Voice_Call_Id__c"))
                    .filter(Objects::nonNull).toList();
            assertThat(taskCallIds).containsAll(lead.callIds());
        });
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
