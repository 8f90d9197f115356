package io.leadstream.bench.e2e;

import io.leadstream.sfemu.SalesforceEmulator;
import io.leadstream.sfemu.org.RecordListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The acknowledgement side of the bench: hears every Task the Salesforce emulator creates (an in-JVM
 * {@link RecordListener}, so the instant is the same {@link System#nanoTime()} clock the sender uses,
 * taken when the record is stored, just before the emulator answers crm-sink) and files it under the
 * event whose call id it carries ({@code Voice_Call_Id__c}).
 * <p>
 * It also purges those Tasks from the emulator every {@value #PURGE_MS} ms. The emulator finds a
 * record by external id (and checks its uniqueness) by scanning every record of the type, and copies
 * the org for every collection request, where Salesforce uses an index; without purging, a
 * ten-minute run at 1,000 events/s would measure the emulator's growing scans rather than the pipeline.
 * A bench that counts the Tasks in the org afterwards (exactly once per call) keeps them:
 * {@link #keepingTasks}.
 */
public final class TaskAcknowledgements implements RecordListener, AutoCloseable {

    private static final long PURGE_MS = 500;
    private static final String CALL_ID_FIELD = "Voice_Call_Id__c";

    private final SalesforceEmulator emulator;
    private final Map<String, EventTimeline> timelines = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> toPurge = new ConcurrentLinkedQueue<>();
    private final AtomicLong foreign = new AtomicLong();
    private final ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "e2e-task-purger");
        t.setDaemon(true);
        return t;
    });

    TaskAcknowledgements(SalesforceEmulator emulator) {
        this(emulator, true);
    }

    private TaskAcknowledgements(SalesforceEmulator emulator, boolean purge) {
        this.emulator = emulator;
        emulator.admin().addRecordListener(this);
        if (purge) {
            purger.scheduleWithFixedDelay(this::purge, PURGE_MS, PURGE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Hears the org's Tasks and leaves them in it (the org's external-id index keeps its upserts cheap). */
    public static TaskAcknowledgements keepingTasks(SalesforceEmulator emulator) {
        return new TaskAcknowledgements(emulator, false);
    }

    /** From now on, Tasks whose call id starts with the timeline's prefix are its acknowledgements. */
    public void track(EventTimeline timeline) {
        timelines.put(timeline.prefix(), timeline);
    }

    /** Tasks created for call ids no tracked timeline has (e.g. the direct round-trip baseline's). */
    public long foreign() {
        return foreign.get();
    }

    @Override
    public void created(String type, Map<String, Object> record) {
        if (!"Task".equals(type)) {
            return;
        }
        long now = System.nanoTime();
        toPurge.add((String) record.get("Id"));
        Object callId = record.get(CALL_ID_FIELD);
        if (callId == null) {
            foreign.incrementAndGet();
            return;
        }
        String id = callId.toString();
        int dash = id.lastIndexOf('-');
        EventTimeline timeline = dash < 0 ? null : timelines.get(id.substring(0, dash + 1));
        if (timeline == null) {
            foreign.incrementAndGet();
            return;
        }
        int seq;
        try {
            seq = Integer.parseInt(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            foreign.incrementAndGet();
            return;
        }
        if (seq >= 0 && seq < timeline.capacity()) {
            timeline.acked(seq, now);
        } else {
            foreign.incrementAndGet();
        }
    }

    private void purge() {
        try {
            List<String> ids = new ArrayList<>();
            for (String id = toPurge.poll(); id != null; id = toPurge.poll()) {
                ids.add(id);
            }
            if (!ids.isEmpty()) {
                emulator.admin().purge("Task", ids);
            }
        } catch (RuntimeException e) {
            // Never let the scheduled purge die: the next round retries with new ids.
            System.err.println("e2e: could not purge Tasks: " + e);
        }
    }

    @Override
    public void close() {
        emulator.admin().removeRecordListener(this);
        purger.shutdownNow();
    }
}
