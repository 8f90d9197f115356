package io.leadstream.bench.footprint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a restarted instance still has the state it had before: the {@code version} (count of
 * applied events) of a sample of loaded leads spread over every partition, read through
 * {@code GET /state/leads/{id}} before the restart and compared after it. A fast restart that lost
 * state would be no restart.
 */
record StateSample(Map<String, Long> versions) {
    static final int SIZE = 200;
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    static StateSample take(StreamAppChild app, int leads) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < SIZE; i++) {
            String lead = "lead-" + (long) i * leads / SIZE;
            versions.put(lead, version(app.get("/state/leads/" + lead)));
        }
        return new StateSample(versions);
    }

    /** Sampled leads known before (version present) that {@code after} has at the same version. */
    int sameIn(StateSample after) {
        return sameIn(after, null);
    }

    /** As {@link #sameIn(StateSample)}, but {@code probedLead} got one more event in between, so one more version. */
    int sameIn(StateSample after, String probedLead) {
        int same = 0;
        for (Map.Entry<String, Long> e : versions.entrySet()) {
            Long expected = e.getValue() == null ? null : e.getKey().equals(probedLead) ? e.getValue() + 1 : e.getValue();
            if (expected != null && expected.equals(after.versions().get(e.getKey()))) {
                same++;
            }
        }
        return same;
    }

    int known() {
        return (int) versions.values().stream().filter(Objects::nonNull).count();
    }

    private static Long version(String body) {
        if (body == null) {
            return null;
        }
        Matcher m = VERSION.matcher(body);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }
}
