package io.leadstream.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * HTTP ports of the stack: from a base (event-api base, stream-app +1, crm-sink +2, registry +5,
 * emulator +7; the defaults 8080/8081/8082/8085 are the services' own) or, with base 0, free
 * ports picked now. Kafka and PostgreSQL always take free ports (printed at start).
 */
public record Ports(int eventApi, int streamApp, int crmSink, int registry, int emulator) {

    public static Ports from(int base) {
        if (base == 0) {
            return new Ports(free(), free(), free(), free(), free());
        }
        Ports p = new Ports(base, base + 1, base + 2, base + 5, base + 7);
        for (int port : new int[] {p.eventApi, p.streamApp, p.crmSink, p.registry, p.emulator}) {
            if (!available(port)) {
                throw new IllegalStateException("port " + port + " is in use; pick another --port-base (or 0 for any free ports)");
            }
        }
        return p;
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean available(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
