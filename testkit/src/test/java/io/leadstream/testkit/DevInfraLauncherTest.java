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
    void startsTheBrokerPrintsWhereItListensAndShutsItDown() throws Exception {
        var out = new ByteArrayOutputStream();
        var launcher = new DevInfraLauncher();
        try {
            launcher.start(false, new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            String printed = out.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("bootstrap servers: localhost:(\\d+)").matcher(printed);
            assertThat(m.find()).as(printed).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (Socket socket = new Socket("localhost", port)) {
                assertThat(socket.isConnected()).isTrue();
            }
            launcher.shutdown();
            assertThat(canConnect(port)).as("broker port closed after shutdown").isFalse();
        }
    }

    private static boolean canConnect(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

}
