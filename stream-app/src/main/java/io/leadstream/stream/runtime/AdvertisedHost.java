package io.leadstream.stream.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The host other instances reach this one's interactive queries on ({@code application.server}). Each replica
 * must name itself: {@code ADVERTISED_HOST=auto} resolves this machine's own name to its address at start, which
 * in a container is the container's IP on its network, so {@code docker compose up --scale stream-app=3} gives
 * three distinct hosts without per-replica settings. Any other value is used as written.
 */
final class AdvertisedHost {
    static final String AUTO = "auto";

    private AdvertisedHost() {
    }

    static String resolve(String configured) {
        if (configured == null || configured.isBlank() || !AUTO.equalsIgnoreCase(configured.strip())) {
            return configured == null || configured.isBlank() ? "localhost" : configured.strip();
        }
        try {
            InetAddress self = InetAddress.getLocalHost();
            String address = self.getHostAddress();
            return address.contains(":") ? "[" + address + "]" : address;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("ADVERTISED_HOST=auto: this host's name does not resolve (" + e.getMessage()
                    + "); set ADVERTISED_HOST to an address other instances can reach", e);
        }
    }
}
