package io.leadstream.bench;

import java.lang.management.ManagementFactory;

/** What every bench driver needs to read its arguments and describe the machine in its report. */
public final class Bench {
    private Bench() {
    }

    /** The value after {@code name} in {@code args}, or {@code fallback}. */
    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Physical memory of the machine in GiB, or -1 when the JVM cannot tell. */
    public static long totalMemoryGiB() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)) : -1;
    }
}
