package io.leadstream.stream.cadence;

import io.leadstream.schemas.topic.LeadKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Key of the time-ordered timer store: {@code dueMillis} as 8 big-endian bytes with the sign bit
 * flipped, then the lead key {@code <workspaceId>/<leadId>} (4-byte length + UTF-8), then the step
 * index and attempt (4 bytes each). The key carries the whole lead identity, so a fired timer finds
 * its own workspace's lead and never another workspace's lead of the same leadId.
 *
 * <p>Flipping the sign bit makes unsigned lexicographic byte order — RocksDB's default comparator —
 * equal numeric order of {@code dueMillis} for every long, so a range scan from {@link #lowest()} to
 * {@link #upperBound(Instant)} yields exactly the timers due by then, oldest first. Timers due at the
 * same millisecond order by lead and step, which is deterministic and irrelevant to correctness.
 */
public record TimerKey(long dueMillis, LeadKey lead, int stepIndex, int attempt) {
    private static final int PREFIX = Long.BYTES;

    public TimerKey {
        Objects.requireNonNull(lead, "lead");
        // A lone surrogate would encode as '?' and decode to another lead id: its timer could never fire.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(lead.leadId())) {
            throw new IllegalArgumentException("lead id is not valid Unicode: " + lead.leadId());
        }
    }

    public static TimerKey of(Instant due, LeadKey lead, int stepIndex, int attempt) {
        return new TimerKey(due.toEpochMilli(), lead, stepIndex, attempt);
    }

    public Instant due() {
        return Instant.ofEpochMilli(dueMillis);
    }

    public byte[] encode() {
        byte[] key = lead.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(PREFIX + Integer.BYTES + key.length + 2 * Integer.BYTES)
                .putLong(dueMillis ^ Long.MIN_VALUE)
                .putInt(key.length).put(key)
                .putInt(stepIndex).putInt(attempt)
                .array();
    }

    public static TimerKey decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long due = b.getLong() ^ Long.MIN_VALUE;
        int length = b.getInt();
        if (length < 0 || length > b.remaining() - 2 * Integer.BYTES) {
            throw new IllegalArgumentException("not a timer key: lead key length " + length + " in " + bytes.length + " bytes");
        }
        byte[] key = new byte[length];
        b.get(key);
        int step = b.getInt();
        int attempt = b.getInt();
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("not a timer key: " + b.remaining() + " trailing bytes");
        }
        String leadKey = new String(key, StandardCharsets.UTF_8);
        LeadKey lead = LeadKey.parse(leadKey).orElseThrow(() -> new IllegalArgumentException("not a timer key: "
                + LeadKey.keyProblem(leadKey).orElse("no lead key")));
        return new TimerKey(due, lead, step, attempt);
    }

    /** Sorts before every key: the inclusive start of a due-timer scan. */
    public static byte[] lowest() {
        return prefix(Long.MIN_VALUE);
    }

    /**
     * Inclusive end of a scan for timers due at or before {@code now}: the 8-byte prefix of
     * {@code now + 1 ms}, which sorts after every key due by {@code now} and before every longer key due later.
     */
    public static byte[] upperBound(Instant now) {
        return prefix(now.toEpochMilli() + 1);
    }

    private static byte[] prefix(long millis) {
        return ByteBuffer.allocate(PREFIX).putLong(millis ^ Long.MIN_VALUE).array();
    }
}
