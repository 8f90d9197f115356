package io.leadstream.devstack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts a plan's events to event-api ({@code POST /api/v1/crm/events}, arrays of up to 200) with
 * the dev bearer token. A lead's events always travel in one array, in order, so its per-lead
 * order holds. 503s and connection errors are retried with the same eventIds (idempotent: the
 * stream deduplicates by eventId); a 400 is counted as rejected and its problem kept.
 */
public final class DemoDriver {

    private static final int BATCH = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String eventApiUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();

    public DemoDriver(String eventApiUrl, String token) {
        this.eventApiUrl = eventApiUrl;
        this.token = token;
    }

    /** Events acknowledged with 202 so far. */
    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long retries() {
        return retries.get();
    }

    public String firstProblem() {
        return firstProblem.get();
    }

    /** Sends the whole plan with {@code clients} concurrent HTTP clients; returns when all are answered. */
    public void send(List<DemoPlan.DemoLead> leads, int clients) {
        List<List<Map<String, Object>>> batches = batches(leads);
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "demo-client");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Map<String, Object>> batch : batches) {
                futures.add(pool.submit(() -> post(batch)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("demo traffic failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends a list of events in order as one or more arrays. */
    public void sendEvents(List<Map<String, Object>> events) {
        for (int i = 0; i < events.size(); i += BATCH) {
            post(events.subList(i, Math.min(events.size(), i + BATCH)));
        }
    }

    static List<List<Map<String, Object>>> batches(List<DemoPlan.DemoLead> leads) {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        List<Map<String, Object>> current = new ArrayList<>();
        for (DemoPlan.DemoLead l : leads) {
            if (!current.isEmpty() && current.size() + l.events().size() > BATCH) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.addAll(l.events());
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private void post(List<Map<String, Object>> batch) {
        byte[] body = JSON.writeValueAsBytes(batch);
        HttpRequest request = HttpRequest.newBuilder(URI.create(eventApiUrl + "/api/v1/crm/events"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    accepted.addAndGet(batch.size());
                    return;
                }
                if (r.statusCode() == 400 || r.statusCode() == 413 || r.statusCode() == 401 || r.statusCode() == 403) {
                    rejected.addAndGet(batch.size());
                    firstProblem.compareAndSet(null, r.statusCode() + " " + r.body());
                    return;
                }
                // 503 (broker unavailable) or 429: wait as told, then resend the same eventIds.
                if (attempt >= 120) {
                    rejected.addAndGet(batch.size());
                    firstProblem.compareAndSet(null, r.statusCode() + " after " + attempt + " attempts");
                    return;
                }
                long wait = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                pause(Math.min(5_000, Math.max(200, wait * 1000)));
            } catch (IOException e) {
                if (attempt >= 120) {
                    rejected.addAndGet(batch.size());
                    firstProblem.compareAndSet(null, e.toString());
                    return;
                }
                pause(Math.min(5_000, 200L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            retries.incrementAndGet();
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
