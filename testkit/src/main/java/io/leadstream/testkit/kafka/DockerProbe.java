package io.leadstream.testkit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "does a Docker engine answer?" cheaply. Testcontainers' own check tries several
 * strategies and can take long when a docker client is installed but no daemon runs, so a quick
 * look for any engine endpoint comes first, and the real check runs with a deadline.
 */
final class DockerProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);
    private static final long TIMEOUT_SECONDS = 15;

    private DockerProbe() {
    }

    static boolean engineAnswers() {
        if (!anyEndpointConfigured()) {
            LOG.debug("No Docker endpoint (DOCKER_HOST, docker.sock, ~/.testcontainers.properties)");
            return false;
        }
        CompletableFuture<Boolean> check = new CompletableFuture<>();
        Thread probe = new Thread(() -> {
            try {
                check.complete(org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable t) {
                check.complete(false);
            }
        }, "leadstream-docker-probe");
        probe.setDaemon(true);
        probe.start();
        try {
            return check.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Docker engine did not answer within {} s; treating it as absent", TIMEOUT_SECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean anyEndpointConfigured() {
        String home = System.getProperty("user.home", "");
        return notBlank(System.getenv("DOCKER_HOST"))
                || notBlank(System.getProperty("docker.host"))
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".docker", "desktop", "docker.sock"))
                || Files.exists(Path.of(home, ".colima", "default", "docker.sock"))
                || Files.exists(Path.of(home, ".rd", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || notBlank(System.getenv("XDG_RUNTIME_DIR"))
                        && Files.exists(Path.of(System.getenv("XDG_RUNTIME_DIR"), "docker.sock"))
                || System.getProperty("os.name", "").toLowerCase().contains("win");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
