package io.leadstream.devstack.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev workspace onboarded the way an operator does it (SPEC §14): through event-api's admin API
 * with the run's operator key — the workspace (kept if it exists, as with an external database) and
 * a token with every scope for the demo and the person at the keyboard.
 */
public final class WorkspaceProvisioning {
    public static final String DEV_WORKSPACE = "default";
    private static final String ALL_SCOPES = "[\"events:write\", \"leads:read\", \"leads:write\", \"cadences:write\","
            + " \"crm:connect\", \"dashboard:read\"]";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WorkspaceProvisioning() {
    }

    /** Ensures {@code workspaceId} exists and issues it a token with every scope; returns the token. */
    public static String workspaceWithToken(String eventApiUrl, String operatorKey, String workspaceId, String name) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> created = send(http, eventApiUrl + "/admin/v1/workspaces", operatorKey,
                "{\"workspaceId\": \"" + workspaceId + "\", \"name\": \"" + name + "\"}");
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("event-api refused to create workspace " + workspaceId + ": HTTP "
                    + created.statusCode() + " " + created.body());
        }
        HttpResponse<String> issued = send(http, eventApiUrl + "/admin/v1/workspaces/" + workspaceId + "/tokens",
                operatorKey, "{\"scopes\": " + ALL_SCOPES + ", \"name\": \"devstack\"}");
        if (issued.statusCode() != 201) {
            throw new IllegalStateException("event-api refused a token for " + workspaceId + ": HTTP "
                    + issued.statusCode() + " " + issued.body());
        }
        JsonNode token = JSON.readTree(issued.body());
        return token.path("token").asString();
    }

    private static HttpResponse<String> send(HttpClient http, String url, String operatorKey, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + operatorKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("event-api's admin API at " + url + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
