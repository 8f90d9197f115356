package io.leadstream.schemas.registry.server;

import io.leadstream.schemas.registry.CompatibilityLevel;
import io.leadstream.schemas.registry.RegisteredSchema;
import io.leadstream.schemas.registry.RegistryError;
import io.leadstream.schemas.registry.SchemaRegistryException;
import io.leadstream.schemas.registry.server.SchemaLogEntry.CompatibilityConfig;
import io.leadstream.schemas.registry.server.SchemaLogEntry.SchemaVersion;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The schema registry's rules, independent of HTTP and of storage: subjects with versions, global
 * ids shared by identical schemas, compatibility checks with Avro's own {@link SchemaCompatibility}.
 * Every change goes through the {@link SchemaLog} first and is applied when the log delivers it
 * back, so the in-memory view is always exactly the log's fold.
 */
public final class SchemaRegistry implements AutoCloseable {
    public static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

    private final SchemaLog log;
    /** Serialises writers so that two registrations of one schema get one id and one version. */
    private final ReentrantLock writeLock = new ReentrantLock();

    // State, guarded by "this"; written only by apply().
    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new HashMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectCompatibility = new HashMap<>();
    private CompatibilityLevel globalCompatibility = DEFAULT_COMPATIBILITY;
    private int maxId;

    public SchemaRegistry(SchemaLog log) {
        this.log = log;
        log.open(this::apply);
    }

    private synchronized void apply(SchemaLogEntry entry) {
        if (entry instanceof SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            schemaById.putIfAbsent(v.id(), v.schema());
            idBySchema.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (entry instanceof CompatibilityConfig c) {
            if (c.subject() == null) {
                globalCompatibility = c.level();
            } else {
                subjectCompatibility.put(c.subject(), c.level());
            }
        }
    }

    /**
     * Registers {@code schemaText} under {@code subject} and returns its id. Registering a schema the
     * subject already has returns the existing id and adds no version.
     */
    public int register(String subject, String schemaText, String schemaType) {
        requireAvro(schemaType);
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        writeLock.lock();
        try {
            Optional<SchemaVersion> existing = findInSubject(subject, canonical);
            if (existing.isPresent()) {
                return existing.get().id();
            }
            checkCompatibleForRegistration(subject, schema);
            int id;
            int version;
            synchronized (this) {
                id = idBySchema.getOrDefault(canonical, maxId + 1);
                TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
                version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
            }
            log.append(new SchemaVersion(subject, version, id, canonical, false));
            return id;
        } finally {
            writeLock.unlock();
        }
    }

    /** The version of {@code subject} that has exactly this schema ({@code POST /subjects/{s}}). */
    public RegisteredSchema lookup(String subject, String schemaText, String schemaType) {
        requireAvro(schemaType);
        String canonical = parse(schemaText).toString();
        requireSubject(subject);
        return findInSubject(subject, canonical)
                .map(SchemaRegistry::toRegistered)
                .orElseThrow(() -> new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    public synchronized String schemaById(int id) {
        String schema = schemaById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    public synchronized List<String> subjects() {
        List<String> live = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (versions.values().stream().anyMatch(v -> !v.deleted())) {
                live.add(name);
            }
        });
        live.sort(null);
        return live;
    }

    public synchronized List<Integer> versions(String subject) {
        return liveVersions(requireSubject(subject)).stream().map(SchemaVersion::version).toList();
    }

    /** {@code version} is a positive number or {@code latest} (also {@code -1}, as Confluent accepts). */
    public synchronized RegisteredSchema version(String subject, String version) {
        List<SchemaVersion> live = liveVersions(requireSubject(subject));
        if (isLatest(version)) {
            return toRegistered(live.get(live.size() - 1));
        }
        int number = parseVersion(version);
        return live.stream().filter(v -> v.version() == number).findFirst()
                .map(SchemaRegistry::toRegistered)
                .orElseThrow(() -> new SchemaRegistryException(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found."));
    }

    /**
     * Whether {@code schemaText} may be registered against {@code version} of {@code subject}, by the
     * subject's compatibility level. Returns the incompatibilities (empty when compatible).
     */
    public List<String> compatibilityErrors(String subject, String version, String schemaText, String schemaType) {
        requireAvro(schemaType);
        Schema candidate = parse(schemaText);
        List<Schema> against;
        CompatibilityLevel level;
        synchronized (this) {
            TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
            level = compatibilityOf(subject);
            if (versions == null || liveVersions(versions).isEmpty()) {
                if (isLatest(version)) {
                    return List.of(); // nothing registered yet: anything is compatible
                }
                throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
            }
            against = List.of(parse(version(subject, version).schema()));
        }
        return incompatibilities(level, candidate, against);
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalCompatibility;
    }

    /** The subject's own level; empty when it inherits the global one. */
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectCompatibility.get(subject));
    }

    public void setCompatibility(String subjectOrNull, CompatibilityLevel level) {
        writeLock.lock();
        try {
            log.append(new CompatibilityConfig(subjectOrNull, level));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        log.close();
    }

    // ---- rules ------------------------------------------------------------------------------

    private void checkCompatibleForRegistration(String subject, Schema candidate) {
        CompatibilityLevel level;
        List<Schema> previous = new ArrayList<>();
        synchronized (this) {
            level = compatibilityOf(subject);
            TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
            if (versions == null) {
                return;
            }
            List<SchemaVersion> live = liveVersions(versions);
            if (live.isEmpty()) {
                return;
            }
            List<SchemaVersion> relevant = level.transitive() ? live : List.of(live.get(live.size() - 1));
            for (SchemaVersion v : relevant) {
                previous.add(parse(v.schema()));
            }
        }
        List<String> errors = incompatibilities(level, candidate, previous);
        if (!errors.isEmpty()) {
            throw new SchemaRegistryException(RegistryError.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + errors);
        }
    }

    static List<String> incompatibilities(CompatibilityLevel level, Schema candidate, List<Schema> previous) {
        List<String> errors = new ArrayList<>();
        for (Schema old : previous) {
            if (level.checksBackward()) {
                describe("BACKWARD", SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), errors);
            }
            if (level.checksForward()) {
                describe("FORWARD", SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), errors);
            }
        }
        return errors;
    }

    private static void describe(String direction, SchemaCompatibility.SchemaPairCompatibility pair, List<String> errors) {
        if (pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility inc : pair.getResult().getIncompatibilities()) {
            errors.add("{direction:" + direction + ", type:" + inc.getType() + ", location:" + inc.getLocation()
                    + ", message:" + inc.getMessage() + "}");
        }
    }

    private CompatibilityLevel compatibilityOf(String subject) {
        return subjectCompatibility.getOrDefault(subject, globalCompatibility);
    }

    private synchronized Optional<SchemaVersion> findInSubject(String subject, String canonical) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        return liveVersions(versions).stream().filter(v -> v.schema().equals(canonical)).findFirst();
    }

    private synchronized TreeMap<Integer, SchemaVersion> requireSubject(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions == null || liveVersions(versions).isEmpty()) {
            throw new SchemaRegistryException(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private static List<SchemaVersion> liveVersions(TreeMap<Integer, SchemaVersion> versions) {
        return versions.values().stream().filter(v -> !v.deleted()).toList();
    }

    private static boolean isLatest(String version) {
        return "latest".equals(version) || "-1".equals(version);
    }

    private static int parseVersion(String version) {
        try {
            int n = Integer.parseInt(version);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SchemaRegistryException(RegistryError.INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static void requireAvro(String schemaType) {
        if (schemaType != null && !schemaType.isBlank() && !"AVRO".equalsIgnoreCase(schemaType)) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA,
                    "Invalid schema: schema type " + schemaType + " is not supported by this registry (AVRO only)");
        }
    }

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            // Avro wraps Jackson's JSON errors in various runtime exceptions; all mean "not a schema".
            throw new SchemaRegistryException(RegistryError.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private static RegisteredSchema toRegistered(SchemaVersion v) {
        return new RegisteredSchema(v.subject(), v.version(), v.id(), v.schema());
    }

    /** Ids of all schemas, for diagnostics. */
    synchronized TreeSet<Integer> ids() {
        return new TreeSet<>(schemaById.keySet());
    }
}
