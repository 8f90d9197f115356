package io.leadstream.sfemu.admin;

import static io.leadstream.sfemu.support.EmulatorClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.support.EmulatorClient;
import io.leadstream.sfemu.support.EmulatorTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fault injection is on a listener of its own, loopback by default (SPEC §14): reaching — or
 * publishing — the Salesforce API does not reach the admin API.
 */
class AdminListenerTest extends EmulatorTest {

  @Test
  void theSalesforceListenerAnswers404ForTheAdminApiAndInjectsNothing() {
    EmulatorClient anonymous = new EmulatorClient(emulator.baseUrl(), null);

    assertThat(anonymous.post("/__admin/faults/expire-tokens", Map.of()).status()).isEqualTo(404);
    assertThat(anonymous.get("/__admin/records/Lead").status()).isEqualTo(404);
    assertThat(api.get(V + "/limits").status()).as("the token was not expired").isEqualTo(200);
  }

  @Test
  void theAdminListenerServesTheAdminApiOnlyOnAPortOfItsOwn() {
    EmulatorClient admin = new EmulatorClient(emulator.adminBaseUrl(), null);

    assertThat(emulator.adminAddress().getPort()).isNotEqualTo(emulator.port());
    assertThat(admin.get("/__admin/limits").status()).isEqualTo(200);
    assertThat(admin.withToken(emulator.accessToken()).get(V + "/limits").status()).isEqualTo(404);
  }

  @Test
  void theAdminListenerIsBoundToLoopbackByDefault() {
    assertThat(emulator.adminAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(emulator.adminBaseUrl()).startsWith("http://127.0.0.1:");
  }

  @Test
  void theAdminListenerStaysOnLoopbackWhenTheApiListensOnEveryInterface() {
    try (SalesforceEmulator published = SalesforceEmulator.start(EmulatorConfig.defaults().withHost("0.0.0.0"))) {
      assertThat(published.adminAddress().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void aConfiguredAdminAddressAndPortAreHonoured() {
    int port = freePort();
    try (SalesforceEmulator configured = SalesforceEmulator.start(EmulatorConfig.defaults().withAdmin("0.0.0.0", port))) {
      assertThat(configured.adminAddress().getAddress().isAnyLocalAddress()).isTrue();
      assertThat(configured.adminAddress().getPort()).isEqualTo(port);
      assertThat(new EmulatorClient(configured.adminBaseUrl(), null).get("/__admin/limits").status()).isEqualTo(200);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
