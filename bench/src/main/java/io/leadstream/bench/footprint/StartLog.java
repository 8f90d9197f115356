package io.leadstream.bench.footprint;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one start of stream-app spent its time, read from the instance's own log lines after a
 * given offset (stream-app exposes no restore listener; Kafka's consumer coordinator,
 * StoreChangelogReader and ProcessorStateManager log these at INFO/WARN): the wait from asking to
 * join the consumer group to being in it, records restored per store, how many tasks were wiped
 * for lack of a checkpoint (what exactly_once_v2 does after an unclean shutdown), and the span from
 * joining the group (or the first restore line after it) to the last "Finished restoring" line, by the log's own timestamps.
 */
record StartLog(Instant joinRequestedAt, double joinWaitSeconds, Map<String, Long> recordsByStore, int wipedTasks, double restoreSeconds) {
    private static final Pattern FINISHED = Pattern.compile(
            "Finished restoring changelog (\\S+) to store (\\S+) with a total number of (\\d+) records");
    private static final String WIPE = "did not find checkpoint offsets while stores are not empty";
    private static final Pattern JOIN_REQUEST = Pattern.compile("Request joining group|\\(Re-\\)joining group");
    private static final String JOINED = "Successfully joined group";
    private static final Pattern RESTORE_START = Pattern.compile("Transiting to restore active tasks|Restoration in progress|" + WIPE);

    long totalRecords() {
        return recordsByStore.values().stream().mapToLong(Long::longValue).sum();
    }

    static StartLog read(Path log, long fromOffset) {
        Instant joinRequested = null;
        Instant joined = null;
        Map<String, Long> byStore = new TreeMap<>();
        int wiped = 0;
        Instant first = null;
        Instant last = null;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(fromOffset, file.length()));
            byte[] rest = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (joinRequested == null && JOIN_REQUEST.matcher(line).find()) {
                    joinRequested = timestamp(line, null);
                } else if (joinRequested != null && joined == null && line.contains(JOINED)) {
                    joined = timestamp(line, null);
                }
                Matcher finished = FINISHED.matcher(line);
                if (finished.find()) {
                    byStore.merge(finished.group(2), Long.parseLong(finished.group(3)), Long::sum);
                    last = timestamp(line, last);
                    if (first == null) {
                        first = last;
                    }
                }
                if (line.contains(WIPE)) {
                    wiped++;
                }
                if (first == null && RESTORE_START.matcher(line).find()) {
                    first = timestamp(line, null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        // Stores are opened (and wiped) at start-up, but restoring needs the assignment: count from the join on.
        if (first != null && joined != null && joined.isAfter(first)) {
            first = joined;
        }
        double seconds = first == null || last == null ? 0 : Math.max(0, (last.toEpochMilli() - first.toEpochMilli()) / 1000.0);
        double joinWait = joinRequested == null || joined == null ? Double.NaN : (joined.toEpochMilli() - joinRequested.toEpochMilli()) / 1000.0;
        return new StartLog(joinRequested, joinWait, byStore, wiped, seconds);
    }

    /** The ISO timestamp that starts a plain Spring Boot log line, or {@code fallback}. */
    private static Instant timestamp(String line, Instant fallback) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(line.substring(0, space)).toInstant();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
