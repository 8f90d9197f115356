package io.leadstream.bench.e2e;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened to each measured event of one phase, by sequence number, as {@link System#nanoTime()}
 * instants (0 = not yet): when the open-loop schedule said to send it, when its request left, when
 * event-api answered 202 (accepted) and when its Task was created in the Salesforce emulator
 * (acknowledged). Each event's call id is {@link #callId}(seq), which is how the acknowledgement finds
 * its slot. Written by the sender, the HTTP client's threads and the emulator's request threads.
 * Drivers that produce to Kafka directly (the isolation bench) record the broker's acknowledgement
 * of the produced record as "accepted".
 */
public final class EventTimeline {

    private final String prefix;
    private final int capacity;
    private final AtomicLongArray scheduled;
    private final AtomicLongArray sent;
    private final AtomicLongArray accepted;
    private final AtomicLongArray acked;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong ackedCount = new AtomicLong();
    private final AtomicLong rejectedCount = new AtomicLong();
    private final AtomicLong duplicateAcks = new AtomicLong();

    /** @param prefix unique per phase and run, ends with '-' (the call id is the prefix and the sequence number) */
    public EventTimeline(String prefix, int capacity) {
        this.prefix = prefix;
        this.capacity = capacity;
        this.scheduled = new AtomicLongArray(capacity);
        this.sent = new AtomicLongArray(capacity);
        this.accepted = new AtomicLongArray(capacity);
        this.acked = new AtomicLongArray(capacity);
    }

    public String prefix() {
        return prefix;
    }

    public String callId(int seq) {
        return prefix + seq;
    }

    public int capacity() {
        return capacity;
    }

    /** Reserves the next sequence number, or -1 when the timeline is full. */
    public int next() {
        long seq = used.getAndIncrement();
        return seq < capacity ? (int) seq : -1;
    }

    /** Events given a sequence number so far. */
    public int size() {
        return (int) Math.min(capacity, used.get());
    }

    public void sent(int seq, long scheduledAt, long sentAt) {
        scheduled.set(seq, scheduledAt);
        sent.set(seq, sentAt);
    }

    public void accepted(int seq, long at) {
        if (accepted.compareAndSet(seq, 0, at)) {
            acceptedCount.incrementAndGet();
        }
    }

    public void rejected() {
        rejectedCount.incrementAndGet();
    }

    /** Records the first Task for the event; a second one for the same call id is counted as a duplicate. */
    public void acked(int seq, long at) {
        if (acked.compareAndSet(seq, 0, at)) {
            ackedCount.incrementAndGet();
        } else {
            duplicateAcks.incrementAndGet();
        }
    }

    public long scheduledAt(int seq) {
        return scheduled.get(seq);
    }

    public long sentAt(int seq) {
        return sent.get(seq);
    }

    public long acceptedAt(int seq) {
        return accepted.get(seq);
    }

    public long ackedAt(int seq) {
        return acked.get(seq);
    }

    public long acceptedCount() {
        return acceptedCount.get();
    }

    public long ackedCount() {
        return ackedCount.get();
    }

    public long rejectedCount() {
        return rejectedCount.get();
    }

    public long duplicateAcks() {
        return duplicateAcks.get();
    }

    /** Accepted events whose Task has not landed yet. */
    public long outstanding() {
        return acceptedCount.get() - ackedCount.get();
    }
}
