package io.leadstream.stream.runtime;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** application.server names this host, not localhost, unless ADVERTISED_HOST says otherwise. */
class AdvertisedHostTest {
    private static final AdvertisedHost.Resolver RESOLVES = host -> "10.0.0.7";

    @Test
    void theConfiguredHostWins() {
        assertThat(AdvertisedHost.resolve(" stream-app-0.stream-app ", Map.of("HOSTNAME", "pod-1")::get, () -> "os-name", RESOLVES))
                .isEqualTo("stream-app-0.stream-app");
    }

    @Test
    void unsetItIsThePodOrContainerName() {
        assertThat(AdvertisedHost.resolve("", Map.of("HOSTNAME", "stream-app-7d9f-x2k")::get, () -> "os-name", RESOLVES))
                .isEqualTo("stream-app-7d9f-x2k");
        assertThat(AdvertisedHost.resolve(null, Map.<String, String>of()::get, () -> "os-name", RESOLVES)).isEqualTo("os-name");
    }

    @Test
    void aNameThatDoesNotResolveIsReplacedByAnAddressNeverLocalhostByDefault() {
        String host = AdvertisedHost.resolve(null, Map.of("HOSTNAME", "nowhere")::get, () -> "nowhere", h -> {
            throw new UnknownHostException(h);
        });
        assertThat(host).isNotEqualTo("nowhere").isNotBlank();
    }

    @Test
    void twoInstancesOnTwoHostsNameThemselvesDifferently() {
        assertThat(AdvertisedHost.resolve(null, Map.of("HOSTNAME", "stream-app-1")::get, () -> "x", RESOLVES))
                .isNotEqualTo(AdvertisedHost.resolve(null, Map.of("HOSTNAME", "stream-app-2")::get, () -> "x", RESOLVES));
    }

    @Test
    void autoIsThisMachinesOwnAddressSoEachReplicaNamesItself() throws Exception {
        String expected = InetAddress.getLocalHost().getHostAddress();
        assertThat(AdvertisedHost.resolve("auto", Map.of("HOSTNAME", "pod-1")::get, () -> "os-name", RESOLVES))
                .isEqualTo(expected.contains(":") ? "[" + expected + "]" : expected).isNotEqualTo("auto");
        assertThat(AdvertisedHost.resolve(" AUTO ", Map.<String, String>of()::get, () -> "x", RESOLVES))
                .isEqualTo(AdvertisedHost.resolve("auto", Map.<String, String>of()::get, () -> "x", RESOLVES));
    }
}
