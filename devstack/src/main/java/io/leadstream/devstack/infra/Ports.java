package io.leadstream.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * HTTP ports of the stack: from a base (event-api base, stream-app +1, crm-sink +2, registry +5,
 * emulator +7, the emulator's admin API +8, and the services' management ports — actuator's health
 * and metrics — event-api +10, stream-app +11, crm-sink +12; with base 8080 these are the services'
 * own defaults) or, with base 0, free ports picked now. Kafka and PostgreSQL always take free ports
 * (printed at start).
 */
public record Ports(int eventApi, int streamApp, int crmSink, int registry, int emulator, int emulatorAdmin,
                    int eventApiManagement, int streamAppManagement, int crmSinkManagement) {

    public static Ports from(int base) {
        if (base == 0) {
            return new Ports(free(), free(), free(), free(), free(), free(), free(), free(), free());
        }
        Ports p = at(base);
        for (int port : p.all()) {
            if (!available(port)) {
                throw new IllegalStateException("port " + port + " is in use; pick another --port-base (or 0 for any free ports)");
            }
        }
        return p;
    }

    /** The layout from a base, whether or not its ports are free. */
    static Ports at(int base) {
        return new Ports(base, base + 1, base + 2, base + 5, base + 7, base + 8, base + 10, base + 11, base + 12);
    }

    /** Every port of the stack, in the order of the record's components. */
    public int[] all() {
        return new int[] {eventApi, streamApp, crmSink, registry, emulator, emulatorAdmin, eventApiManagement,
                streamAppManagement, crmSinkManagement};
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
