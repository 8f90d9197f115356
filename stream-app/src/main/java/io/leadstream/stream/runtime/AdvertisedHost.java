package io.leadstream.stream.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * The host other instances reach this one's HTTP API on ({@code application.server}, interactive queries).
 * {@code ADVERTISED_HOST} when set; otherwise this host's own name: {@code HOSTNAME} (a Kubernetes pod's or a
 * compose container's name) or the name the OS reports. Every instance names itself differently, so each one
 * knows which keys it owns; {@code localhost} as a default made every replica believe it owned every key.
 * A name that does not resolve here is replaced by this host's address. {@code auto} asks for that address at once:
 * in a container it is the container's IP on its network, so {@code docker compose up --scale stream-app=3} gives
 * three distinct hosts without per-replica settings.
 */
public final class AdvertisedHost {
    private static final Logger log = LoggerFactory.getLogger(AdvertisedHost.class);

    /** Looks a host name up: its address; {@link UnknownHostException} when it does not resolve. */
    interface Resolver {
        String addressOf(String host) throws UnknownHostException;
    }

    static final String AUTO = "auto";

    private AdvertisedHost() {
    }

    public static String resolve(String configured, Function<String, String> environment) {
        return resolve(configured, environment, AdvertisedHost::localName, host -> InetAddress.getByName(host).getHostAddress());
    }

    static String resolve(String configured, Function<String, String> environment, java.util.function.Supplier<String> localName,
                          Resolver resolver) {
        if (configured != null && AUTO.equalsIgnoreCase(configured.strip())) {
            return ownAddress();
        }
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String name = environment.apply("HOSTNAME");
        String source = "HOSTNAME";
        if (name == null || name.isBlank()) {
            name = localName.get();
            source = "the local host name";
        }
        if (name != null && !name.isBlank()) {
            try {
                resolver.addressOf(name.trim());
                log.info("Advertising {} for interactive queries (from {}; set ADVERTISED_HOST to override)", name.trim(), source);
                return name.trim();
            } catch (UnknownHostException e) {
                log.warn("Host name {} (from {}) does not resolve here; advertising this host's address instead", name, source);
            }
        }
        try {
            String address = InetAddress.getLocalHost().getHostAddress();
            log.info("Advertising {} for interactive queries (this host's address; set ADVERTISED_HOST to override)", address);
            return address;
        } catch (UnknownHostException e) {
            log.warn("Cannot determine this host's name or address; advertising localhost (only one instance can answer queries)");
            return "localhost";
        }
    }

    /** This machine's own address, bracketed when IPv6 (it goes into host:port). */
    private static String ownAddress() {
        try {
            String address = InetAddress.getLocalHost().getHostAddress();
            log.info("Advertising {} for interactive queries (ADVERTISED_HOST=auto: this host's address)", address);
            return address.contains(":") ? "[" + address + "]" : address;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("ADVERTISED_HOST=auto: this host's name does not resolve (" + e.getMessage()
                    + "); set ADVERTISED_HOST to an address other instances can reach", e);
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
