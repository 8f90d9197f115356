package io.leadstream.stream.cadence;

import io.leadstream.schemas.cadence.CadenceDefinition;
import io.leadstream.schemas.cadence.CadenceStep;
import io.leadstream.schemas.cadence.ExitRule;
import io.leadstream.schemas.cadence.Offset;
import io.leadstream.schemas.cadence.OffsetUnit;
import io.leadstream.schemas.cadence.TimeWindow;
import io.leadstream.schemas.common.Channel;
import io.leadstream.stream.compliance.LocalWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cadence definitions: the shipped defaults ({@value #DEFAULT_RESOURCE}), parsing of that JSON shape,
 * and {@link #problems validation} of any definition, so the topology can refuse a bad one read from
 * {@code cadence.definitions.v1} exactly as the loader refuses a bad file.
 *
 * <p>A definition is valid when: cadenceId is set; version ≥ 1; there is at least one step; step ids
 * are set and unique; each step has a known channel, an offset ≥ 0 with a known unit, maxAttempts ≥ 1
 * and, when maxAttempts &gt; 1, a positive retryAfter; a window has HH:mm bounds with start before end,
 * and for CALL/SMS overlaps the federal 08:00–21:00 (else the step could never be released); exit
 * rules are known.
 */
public final class CadenceDefinitions {
    public static final String DEFAULT_RESOURCE = "cadence/default-cadences.json";
    private static final LocalWindow FEDERAL = new LocalWindow(LocalTime.of(8, 0), LocalTime.of(21, 0));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CadenceDefinitions() {
    }

    /** The shipped defaults, validated; in file order, keyed by cadenceId. */
    public static Map<String, CadenceDefinition> loadDefault() {
        try (InputStream in = CadenceDefinitions.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Parses {@code {"cadences": [ ... ]}} and validates every definition; throws
     * {@link IllegalArgumentException} listing every problem found.
     */
    public static Map<String, CadenceDefinition> parse(String source, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        Map<String, CadenceDefinition> out = new LinkedHashMap<>();
        JsonNode cadences = root.path("cadences");
        if (!cadences.isArray() || cadences.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected a non-empty \"cadences\" array");
        }
        for (int i = 0; i < cadences.size(); i++) {
            String where = source + " cadences[" + i + "]";
            try {
                CadenceDefinition def = definition(cadences.get(i));
                for (String p : problems(def)) {
                    problems.add(where + " (" + def.getCadenceId() + "): " + p);
                }
                if (out.put(def.getCadenceId(), def) != null) {
                    problems.add(where + ": duplicate cadenceId " + def.getCadenceId());
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid cadence definitions:\n  " + String.join("\n  ", problems));
        }
        return out;
    }

    /** What is wrong with {@code def}; empty when it is valid. */
    public static List<String> problems(CadenceDefinition def) {
        List<String> p = new ArrayList<>();
        if (def.getCadenceId() == null || def.getCadenceId().isBlank()) {
            p.add("cadenceId is missing");
        }
        if (def.getVersion() < 1) {
            p.add("version must be ≥ 1 but is " + def.getVersion());
        }
        if (def.getSteps() == null || def.getSteps().isEmpty()) {
            p.add("a cadence needs at least one step");
            return p;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < def.getSteps().size(); i++) {
            CadenceStep s = def.getSteps().get(i);
            String at = "step " + i + (s.getStepId() == null ? "" : " '" + s.getStepId() + "'") + ": ";
            if (s.getStepId() == null || s.getStepId().isBlank()) {
                p.add(at + "stepId is missing");
            } else if (!ids.add(s.getStepId())) {
                p.add(at + "stepId is not unique");
            }
            if (s.getChannel() == null || s.getChannel() == Channel.UNKNOWN) {
                p.add(at + "channel must be CALL, EMAIL, SMS or TASK");
            }
            offsetProblem(s.getOffset(), false).ifPresent(m -> p.add(at + "offset " + m));
            if (s.getMaxAttempts() < 1) {
                p.add(at + "maxAttempts must be ≥ 1 but is " + s.getMaxAttempts());
            }
            if (s.getMaxAttempts() > 1) {
                if (s.getRetryAfter() == null) {
                    p.add(at + "retryAfter is required when maxAttempts > 1");
                } else {
                    offsetProblem(s.getRetryAfter(), true).ifPresent(m -> p.add(at + "retryAfter " + m));
                }
            }
            if (s.getWindow() != null) {
                try {
                    LocalWindow w = LocalWindow.of(s.getWindow().getStart(), s.getWindow().getEnd());
                    boolean callLike = s.getChannel() == Channel.CALL || s.getChannel() == Channel.SMS;
                    if (callLike && w.intersect(FEDERAL).isEmpty()) {
                        p.add(at + "window " + w + " never overlaps the federal calling window " + FEDERAL);
                    }
                } catch (IllegalArgumentException e) {
                    p.add(at + "window " + e.getMessage());
                }
            }
        }
        if (def.getExitOn() != null && def.getExitOn().contains(ExitRule.UNKNOWN)) {
            p.add("exitOn contains an unknown rule");
        }
        return p;
    }

    private static java.util.Optional<String> offsetProblem(Offset o, boolean positive) {
        if (o == null) {
            return java.util.Optional.of("is missing");
        }
        if (o.getUnit() == null || o.getUnit() == OffsetUnit.UNKNOWN) {
            return java.util.Optional.of("unit must be MINUTES, HOURS, DAYS or BUSINESS_DAYS");
        }
        if (o.getValue() < 0 || (positive && o.getValue() == 0)) {
            return java.util.Optional.of("value must be " + (positive ? "> 0" : "≥ 0") + " but is " + o.getValue());
        }
        return java.util.Optional.empty();
    }

    private static CadenceDefinition definition(JsonNode n) {
        List<CadenceStep> steps = new ArrayList<>();
        JsonNode stepsNode = n.path("steps");
        if (!stepsNode.isArray()) {
            throw new IllegalArgumentException("\"steps\" must be an array");
        }
        for (JsonNode s : stepsNode) {
            steps.add(step(s));
        }
        List<ExitRule> exitOn = new ArrayList<>();
        for (JsonNode e : n.path("exitOn")) {
            exitOn.add(enumValue(ExitRule.class, e.asString(), "exitOn"));
        }
        return CadenceDefinition.newBuilder()
                .setCadenceId(text(n, "cadenceId"))
                .setVersion(n.path("version").asInt(1))
                .setName(n.hasNonNull("name") ? n.get("name").asString() : null)
                .setEnabled(n.path("enabled").asBoolean(true))
                .setSteps(steps)
                .setExitOn(exitOn)
                .build();
    }

    private static CadenceStep step(JsonNode s) {
        Iterator<String> names = s.propertyNames().iterator();
        Set<String> known = Set.of("stepId", "channel", "offset", "window", "maxAttempts", "retryAfter", "template");
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown step field \"" + name + "\" (known: " + known + ")");
            }
        }
        return CadenceStep.newBuilder()
                .setStepId(text(s, "stepId"))
                .setChannel(enumValue(Channel.class, text(s, "channel"), "channel"))
                .setOffset(offset(s.get("offset"), "offset"))
                .setWindow(s.hasNonNull("window") ? new TimeWindow(text(s.get("window"), "start"), text(s.get("window"), "end")) : null)
                .setMaxAttempts(s.path("maxAttempts").asInt(1))
                .setRetryAfter(s.hasNonNull("retryAfter") ? offset(s.get("retryAfter"), "retryAfter") : null)
                .setTemplate(s.hasNonNull("template") ? s.get("template").asString() : null)
                .build();
    }

    private static Offset offset(JsonNode o, String field) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an object {value, unit}");
        }
        if (!o.path("value").isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + ".value\" must be an integer");
        }
        return new Offset(o.get("value").asInt(), enumValue(OffsetUnit.class, text(o, "unit"), field + ".unit"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
        }
        return v.asString().strip();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            E e = Enum.valueOf(type, value);
            if (e.name().equals("UNKNOWN")) {
                throw new IllegalArgumentException();
            }
            return e;
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new IllegalArgumentException("\"" + field + "\" value '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
