package io.leadstream.testkit.kafka;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers' {@code apache/kafka} container, at the same version as the Kafka jars on the
 * classpath. The host port is fixed when the container is created so that stop/start (a Docker
 * stop and start of the same container, which keeps its file system) keeps the advertised address.
 */
public final class ContainerKafkaBroker implements KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerKafkaBroker.class);
    private static final int KAFKA_PORT = 9092;

    private final String image;
    private KafkaContainer container;
    private boolean running;
    private int hostPort;

    public ContainerKafkaBroker() {
        this("apache/kafka:" + AppInfoParser.getVersion());
    }

    public ContainerKafkaBroker(String image) {
        this.image = image;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        long began = System.nanoTime();
        if (container == null) {
            hostPort = freePort();
            container = new KafkaContainer(image)
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                            new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(KAFKA_PORT))))
                    .withStartupTimeout(Duration.ofMinutes(2));
            container.start();
        } else {
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
            awaitReady();
        }
        running = true;
        LOG.info("Kafka container {} started in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    // After a Docker restart Testcontainers' wait strategy is not re-run; wait for an admin answer.
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = adminClient()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka container", e);
            } catch (Exception e) {
                last = new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Kafka container did not answer after restart", last);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public synchronized String bootstrapServers() {
        if (container == null) {
            throw new IllegalStateException("broker has not been started");
        }
        return container.getHost() + ":" + hostPort;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.TESTCONTAINERS;
    }

    @Override
    public synchronized void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
        running = false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ContainerKafkaBroker[" + image + (container == null ? "" : ", " + bootstrapServers()) + "]";
    }
}
