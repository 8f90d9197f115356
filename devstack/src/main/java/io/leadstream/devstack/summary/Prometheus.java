package io.leadstream.devstack.summary;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sums of Prometheus text-format samples, by metric name or by one label's value. */
public final class Prometheus {

    private Prometheus() {
    }

    /** Sum of every sample of {@code metric} (all label sets); 0 when absent or text is null. */
    public static double sum(String text, String metric) {
        double total = 0;
        for (Map.Entry<String, Double> e : byLabel(text, metric, null).entrySet()) {
            total += e.getValue();
        }
        return total;
    }

    /** Samples of {@code metric} summed per value of {@code label} (null label: one entry ""). */
    public static Map<String, Double> byLabel(String text, String metric, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(metric)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
            if (!name.equals(metric)) {
                continue;
            }
            String key = "";
            if (label != null && brace > 0) {
                String labels = line.substring(brace + 1, line.indexOf('}'));
                int at = labels.indexOf(label + "=\"");
                if (at >= 0) {
                    int from = at + label.length() + 2;
                    key = labels.substring(from, labels.indexOf('"', from));
                }
            }
            try {
                out.merge(key, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return out;
    }
}
