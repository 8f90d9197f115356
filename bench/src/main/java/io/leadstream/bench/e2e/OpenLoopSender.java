package io.leadstream.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts events to event-api on a fixed schedule, whatever the answers do (open loop): request k is due
 * at start + k × batch / rate, and that due instant is recorded as each event's scheduled time. A
 * closed-loop client would slow down with the pipeline and hide the queueing (coordinated omission);
 * here a slow pipeline shows as latency. Requests are asynchronous; at most {@code maxInFlight} are
 * outstanding, beyond that the sender waits and falls behind its schedule, which the scheduled →
 * acknowledged latency still counts.
 */
final class OpenLoopSender {

    private final HttpClient http;
    private final URI eventsUri;
    private final String token;
    private final int maxInFlight;
    private final AtomicLong behindSchedule = new AtomicLong();
    private final AtomicLong requestErrors = new AtomicLong();
    private volatile String firstError;

    OpenLoopSender(HttpClient http, String eventApiUrl, String token, int maxInFlight) {
        this.http = http;
        this.eventsUri = URI.create(eventApiUrl + "/api/v1/crm/events");
        this.token = token;
        this.maxInFlight = maxInFlight;
    }

    /** Requests that left more than 10 ms after their due time (the sender or the in-flight cap lagged). */
    long behindSchedule() {
        return behindSchedule.get();
    }

    long requestErrors() {
        return requestErrors.get();
    }

    String firstError() {
        return firstError;
    }

    /**
     * Sends {@code rate} events/s in requests of {@code batch} events (a JSON array when batch &gt; 1) from
     * {@code start} ({@link System#nanoTime()}) for {@code duration}, then waits for the answers still
     * outstanding (at most 60 s).
     */
    void run(EventTimeline timeline, CallEvents events, double rate, int batch, long start, Duration duration)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        long intervalNanos = Math.round(batch * 1e9 / rate);
        long end = start + duration.toNanos();
        for (long k = 0; ; k++) {
            long due = start + k * intervalNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait(); // parkNanos may return early
                }
            }
            inFlight.acquire();
            long sentAt = System.nanoTime();
            if (sentAt - due > 10_000_000L) {
                behindSchedule.incrementAndGet();
            }
            int[] seqs = new int[batch];
            StringBuilder body = new StringBuilder(batch * 480);
            if (batch > 1) {
                body.append('[');
            }
            int n = 0;
            for (int i = 0; i < batch; i++) {
                int seq = timeline.next();
                if (seq < 0) {
                    break;
                }
                if (n > 0) {
                    body.append(',');
                }
                body.append(events.callCompleted(timeline.callId(seq)));
                timeline.sent(seq, due, sentAt);
                seqs[n++] = seq;
            }
            if (n == 0) {
                inFlight.release();
                break;
            }
            if (batch > 1) {
                body.append(']');
            }
            post(timeline, body.toString(), seqs, n, inFlight);
        }
        if (!inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
            System.err.println("e2e: " + (maxInFlight - inFlight.availablePermits())
                    + " requests still unanswered 60 s after sending stopped");
        }
    }

    private void post(EventTimeline timeline, String body, int[] seqs, int n, Semaphore inFlight) {
        HttpRequest request = HttpRequest.newBuilder(eventsUri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long at = System.nanoTime();
            try {
                if (error == null && response.statusCode() == 202) {
                    for (int i = 0; i < n; i++) {
                        timeline.accepted(seqs[i], at);
                    }
                } else {
                    requestErrors.incrementAndGet();
                    if (firstError == null) {
                        firstError = error != null ? error.toString()
                                : response.statusCode() + " " + abbreviate(response.body());
                    }
                    for (int i = 0; i < n; i++) {
                        timeline.rejected();
                    }
                }
            } finally {
                inFlight.release();
            }
        });
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
