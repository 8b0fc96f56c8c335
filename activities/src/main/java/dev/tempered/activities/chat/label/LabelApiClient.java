package dev.tempered.activities.chat.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A labeler's side of the label API over HTTP, as a browser page uses it: log in (session cookie
 * plus CSRF token), fetch the next task, submit with an idempotency key (retried with the same key
 * on a network error or a 5xx, so an acknowledged label is never stored twice and an unacknowledged
 * one is sent again). One client per labeler; not thread-safe.
 */
public final class LabelApiClient {
    /** A task as the API shows it to its labeler. */
    public record TaskView(UUID id, String prompt, List<String> responses) {}

    /** The API's answer to a submission. */
    public record Ack(int status, UUID submissionId, boolean replay, String error) {}

    private static final int SUBMIT_ATTEMPTS = 8;

    private final URI base;
    private final HttpClient http;
    private String csrf;

    public LabelApiClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public void login(String name, String password) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("password", password);
        HttpResponse<String> r = send(post("/label/api/login", body.toString()).build());
        if (r.statusCode() != 200)
            throw new IOException("login of " + name + " at " + base + " answered " + r.statusCode() + ": " + r.body());
        csrf = Json.MAPPER.readTree(r.body()).get("csrf_token").asText();
    }

    /** The next task assigned to this labeler, or empty when none is left. */
    public Optional<TaskView> next() throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/label/api/next"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        if (r.statusCode() == 204) return Optional.empty();
        if (r.statusCode() != 200) throw new IOException("next task answered " + r.statusCode() + ": " + r.body());
        JsonNode t = Json.MAPPER.readTree(r.body()).get("task");
        List<String> responses = new ArrayList<>();
        for (JsonNode x : t.get("responses")) responses.add(x.get("text").asText());
        return Optional.of(new TaskView(
                UUID.fromString(t.get("id").asText()), t.get("prompt").asText(), responses));
    }

    /**
     * Submits {@code body} (the submission JSON, its idempotency key included), retrying with the
     * same key while the server cannot be reached or answers 5xx. A 4xx is returned, not thrown.
     */
    public Ack submit(ObjectNode body) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < SUBMIT_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = send(post("/label/api/submit", body.toString())
                        .header("X-CSRF-Token", csrf)
                        .build());
                if (r.statusCode() >= 500) {
                    last = new IOException("submit answered " + r.statusCode() + ": " + r.body());
                } else {
                    JsonNode j = Json.MAPPER.readTree(r.body());
                    if (r.statusCode() == 200) {
                        return new Ack(
                                200,
                                UUID.fromString(j.get("submission_id").asText()),
                                j.get("replay").asBoolean(),
                                null);
                    }
                    return new Ack(r.statusCode(), null, false, j.path("error").asText());
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(Math.min(2_000, 100L << attempt));
        }
        throw last;
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
