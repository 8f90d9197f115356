package io.leadstream.bench.ceiling;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance} in this JVM, through
 * their {@code main}, and parses what they print. Their {@code main} returns normally on success;
 * on a bad argument or a failure it calls {@link Exit#exit}, which is intercepted here and turned into
 * an exception so the bench (and the in-process broker) survives.
 * <p>
 * Settings are those of NOTES.md's reference figures: 200-byte records, acks=all, linger.ms=5,
 * batch.size=131072, lz4.
 */
public final class KafkaPerfTools {
    public static final int RECORD_SIZE = 200;
    public static final int PARTITIONS = 12;

    private static final Pattern PRODUCER_TOTAL = Pattern.compile(
            "^(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th",
            Pattern.MULTILINE);

    private KafkaPerfTools() {
    }

    /** One tool run: throughput as the tool itself computed it. */
    public record Run(String tool, long records, double recordsPerSecond, double mbPerSecond, String detail, String command) {
    }

    public static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
    }

    public static Run producerPerformance(String bootstrap, String topic, long records) throws Exception {
        String[] args = {"--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(RECORD_SIZE),
                "--throughput", "-1", "--command-property", "bootstrap.servers=" + bootstrap, "acks=all", "linger.ms=5",
                "batch.size=131072", "compression.type=lz4"};
        String output = capture(() -> ProducerPerformance.main(args));
        Matcher m = PRODUCER_TOTAL.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no total line in ProducerPerformance output:\n" + output);
        }
        String detail = String.format(Locale.ROOT, "latency avg %s ms, p50 %s ms, p99 %s ms", m.group(4), m.group(6), m.group(8));
        return new Run("ProducerPerformance", Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                detail, "kafka-producer-perf-test.sh " + String.join(" ", args).replace(bootstrap, "<broker>"));
    }

    /**
     * {@code ConsumerPerformance} prints one CSV line: start.time, end.time, data.consumed.in.MB, MB.sec,
     * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec.
     * The fetch.* figures leave the group join out; those are the ones reported.
     */
    public static Run consumerPerformance(String bootstrap, String topic, long records) throws Exception {
        String[] args = {"--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(records),
                "--timeout", "60000", "--hide-header"};
        String output = capture(() -> ConsumerPerformance.main(args));
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(",\\s*");
            if (f.length >= 10 && f[4].matches("\\d+")) {
                long consumed = Long.parseLong(f[4]);
                String detail = String.format(Locale.ROOT, "%,.0f records/s including the %s ms group join", Double.parseDouble(f[5]), f[6]);
                return new Run("ConsumerPerformance", consumed, Double.parseDouble(f[9]), Double.parseDouble(f[8]), detail,
                        "kafka-consumer-perf-test.sh " + String.join(" ", args).replace(bootstrap, "<broker>"));
            }
        }
        throw new IllegalStateException("no result line in ConsumerPerformance output:\n" + output);
    }

    interface ToolMain {
        void run() throws Exception;
    }

    private static final class ExitCalled extends RuntimeException {
        ExitCalled(int status, String message) {
            super("tool called Exit.exit(" + status + ")" + (message == null ? "" : ": " + message));
        }
    }

    /** Runs a tool with System.out teed into a buffer and Exit.exit turned into an exception. */
    private static synchronized String capture(ToolMain tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
                original.write(b, off, len);
            }
        };
        Exit.setExitProcedure((status, message) -> {
            throw new ExitCalled(status, message);
        });
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } finally {
            System.out.flush();
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
