package io.leadstream.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The stack's HTTP ports: one each, management ports included, laid out from --port-base or all free. */
class PortsTest {

    private static final Path ROOT = Path.of(System.getProperty("leadstream.root", "..")).toAbsolutePath().normalize();

    @Test
    void aBaseGivesEveryListenerAPortOfItsOwn() {
        Ports p = Ports.at(8080);

        assertThat(p.all()).containsExactly(8080, 8081, 8082, 8085, 8087, 8088, 8090, 8091, 8092);
        assertThat(Arrays.stream(p.all()).distinct().count()).isEqualTo(p.all().length);
    }

    @Test
    void theDefaultBaseGivesEachServiceTheManagementPortItDefaultsToOnItsOwn() throws IOException {
        Ports p = Ports.at(8080);

        assertThat(managementPortDefault("event-api")).isEqualTo(p.eventApiManagement());
        assertThat(managementPortDefault("stream-app")).isEqualTo(p.streamAppManagement());
        assertThat(managementPortDefault("crm-sink")).isEqualTo(p.crmSinkManagement());
    }

    @Test
    void baseZeroPicksDistinctFreePorts() {
        Ports p = Ports.from(0);

        assertThat(Arrays.stream(p.all()).min().orElseThrow()).isPositive();
        assertThat(Arrays.stream(p.all()).distinct().count()).isEqualTo(p.all().length);
    }

    private static int managementPortDefault(String module) throws IOException {
        String properties = Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.properties"));
        Matcher m = Pattern.compile("(?m)^management\\.server\\.port=\\$\\{MANAGEMENT_PORT:(\\d+)}$").matcher(properties);
        assertThat(m.find()).as(module + " reads MANAGEMENT_PORT with a default").isTrue();
        return Integer.parseInt(m.group(1));
    }
}
