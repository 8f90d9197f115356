package io.leadstream.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's transport rules against a registry that misbehaves on purpose: 5xx and slowness are
 * retried with backoff, 4xx answers are final, and answers are cached.
 */
class SchemaRegistryClientTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}");
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void serverErrorsAreRetriedUntilTheRegistryAnswers() throws IOException {
        serve((attempt) -> attempt <= 2 ? new Answer(503, "{\"error_code\":50003,\"message\":\"forwarding\"}") : new Answer(200, "{\"id\":7}"));
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(url()), Duration.ofSeconds(2), 3, Duration.ofMillis(5));

        assertThat(client.register("s-value", SCHEMA)).isEqualTo(7);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void clientErrorsAreNotRetried() throws IOException {
        serve((attempt) -> new Answer(404, "{\"error_code\":40401,\"message\":\"Subject 's-value' not found.\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(url()), Duration.ofSeconds(2), 3, Duration.ofMillis(5));

        assertThatThrownBy(() -> client.latest("s-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.is(RegistryError.SUBJECT_NOT_FOUND)).isTrue();
                    assertThat(e.getMessage()).contains("not found");
                });
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsReported() throws IOException {
        serve((attempt) -> new Answer(500, "{\"error_code\":50001,\"message\":\"store down\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(url()), Duration.ofSeconds(2), 2, Duration.ofMillis(5));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(50001));
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsATimeoutNotAHang() throws IOException {
        serve((attempt) -> {
            sleep(1_000);
            return new Answer(200, "{\"id\":1}");
        });
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(url()), Duration.ofMillis(150), 1, Duration.ofMillis(5));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.register("s-value", SCHEMA)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anUnreachableFirstUrlFailsOverToTheNext() throws IOException {
        serve((attempt) -> new Answer(200, "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(List.of("http://127.0.0.1:1", url()), Duration.ofSeconds(2), 2, Duration.ofMillis(5));

        assertThat(client.schemaById(3).getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void schemasByIdAreFetchedOnce() throws IOException {
        serve((attempt) -> new Answer(200, "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(List.of(url()), Duration.ofSeconds(2), 0, Duration.ofMillis(5));

        client.schemaById(3);
        client.schemaById(3);
        assertThat(requests.get()).isEqualTo(1);
    }

    private record Answer(int status, String body) {
    }

    private interface Script {
        Answer answer(int attempt);
    }

    private void serve(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            Answer answer = script.answer(requests.incrementAndGet());
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException ignored) {
                // the client gave up waiting: that is what the timeout test wants
            }
        });
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
