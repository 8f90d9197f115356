package io.leadstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DevInfraLauncherTest {

    @Test
    void startsTheBrokerAndRegistryPrintsWhereTheyListenAndShutsThemDown() throws Exception {
        var out = new ByteArrayOutputStream();
        var launcher = new DevInfraLauncher();
        try {
            launcher.start(false, 0, new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            String printed = out.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("bootstrap servers: localhost:(\\d+)").matcher(printed);
            assertThat(m.find()).as(printed).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (Socket socket = new Socket("localhost", port)) {
                assertThat(socket.isConnected()).isTrue();
            }
            Matcher registry = Pattern.compile("Schema registry \\(Confluent REST API\\): http://127.0.0.1:(\\d+)").matcher(printed);
            assertThat(registry.find()).as(printed).isTrue();
            int registryPort = Integer.parseInt(registry.group(1));
            var answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + registryPort + "/subjects")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).startsWith("[");
            launcher.shutdown();
            assertThat(canConnect(port)).as("broker port closed after shutdown").isFalse();
            assertThat(canConnect(registryPort)).as("registry port closed after shutdown").isFalse();
        }
    }

    private static boolean canConnect(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

}
