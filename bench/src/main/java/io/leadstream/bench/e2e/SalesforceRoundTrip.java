package io.leadstream.bench.e2e;

import io.leadstream.bench.Latencies;
import io.leadstream.sfemu.SalesforceEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Baseline: one Task written straight to the Salesforce emulator the way crm-sink writes it (an sObject
 * Collections upsert on {@code Voice_Call_Id__c}, one record, API 60.0), one request at a time, timed
 * from request to response. This is the part of the end-to-end latency that is Salesforce's own round
 * trip; the rest is the pipeline (event-api → Kafka → stream-app's transaction → crm-sink's batch).
 */
final class SalesforceRoundTrip {

    private SalesforceRoundTrip() {
    }

    /** @param whoId an existing Contact or Lead the Tasks point at, as the sink's do */
    static Latencies.Summary measure(SalesforceEmulator emulator, String whoId, String runId, int warmUp, int measured)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(emulator.baseUrl() + "/services/data/v60.0/composite/sobjects/Task/Voice_Call_Id__c");
        String token = emulator.accessToken();
        long[] nanos = new long[measured];
        for (int i = 0; i < warmUp + measured; i++) {
            String body = "{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"Task\"},"
                    + "\"Voice_Call_Id__c\":\"rt-" + runId + "-" + i + "\",\"Subject\":\"Voice AI Call - "
                    + LocalDate.now(ZoneOffset.UTC) + "\",\"WhoId\":\"" + whoId + "\",\"ActivityDate\":\""
                    + LocalDate.now(ZoneOffset.UTC) + "\",\"Status\":\"Completed\",\"TaskSubtype\":\"Call\","
                    + "\"Type\":\"Call\",\"CallType\":\"Outbound\",\"CallDurationInSeconds\":120,"
                    + "\"CallDisposition\":\"connected\",\"Description\":\"Round-trip baseline.\"}]}";
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200 || !r.body().contains("\"success\":true")) {
                throw new IllegalStateException("direct Task upsert failed: " + r.statusCode() + " " + r.body());
            }
            if (i >= warmUp) {
                nanos[i - warmUp] = t;
            }
        }
        return Latencies.Summary.of(nanos);
    }
}
