package dev.tempered.web.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.Submission;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Role checks on the reviewer and admin routes: a labeler gets neither, a reviewer reads, an admin closes (audited). */
class ReviewApiTest {
    private record Session(HttpClient http, String csrf) {}

    private static Session login(DashboardServer server, String name) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/label/api/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\": \"" + name + "\", \"password\": \"role-password\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new Session(
                http, Json.MAPPER.readTree(r.body()).get("csrf_token").asText());
    }

    private static HttpResponse<String> send(DashboardServer server, Session s, String method, String path)
            throws Exception {
        return s.http()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .header(LabelAuth.CSRF_HEADER, s.csrf())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void labelersSeeNeitherReviewNorAdminRoutesReviewersReadAdminsClose() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        UserStore users = new UserStore(fixture.dataSource(), new PasswordHasher(8, 1, 1));
        LabelStore labels = new LabelStore(fixture.dataSource());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        User lab = users.create("lab-" + suffix, Role.LABELER, "role-password");
        users.create("rev-" + suffix, Role.REVIEWER, "role-password");
        users.create("adm-" + suffix, Role.ADMIN, "role-password");
        String project = "roles-" + suffix;
        labels.createProject(
                new LabelProject(
                        project, "roles", "", 2, 1, 1, 100, Instant.now().plus(Duration.ofDays(1)), true),
                List.of(new NewTask(
                        "p", null, 1, List.of(new NewTask.NewResponse("a", "{}"), new NewTask.NewResponse("b", "{}")))),
                List.of(lab.id()));
        labels.submit(
                lab.id(),
                new Submission(
                        "key-" + suffix,
                        LabelStore.taskId(project, 0),
                        List.of(List.of(1), List.of(0)),
                        null,
                        "ideal",
                        Set.of(),
                        null),
                Instant.now());
        String encoded = project;
        try (DashboardServer server = DashboardServer.start(
                WebConfig.anyFreePort(), fixture.lineage(), S3ArtifactStore.connect(fixture.s3Config("labelroles")))) {
            Session labeler = login(server, "lab-" + suffix);
            assertEquals(
                    403,
                    send(server, labeler, "GET", "/label/api/review/projects").statusCode());
            assertEquals(
                    403,
                    send(server, labeler, "GET", "/label/api/review/projects/" + encoded + "/labels")
                            .statusCode());
            assertEquals(
                    403,
                    send(server, labeler, "POST", "/label/api/admin/projects/" + encoded + "/close")
                            .statusCode());

            Session reviewer = login(server, "rev-" + suffix);
            HttpResponse<String> list = send(server, reviewer, "GET", "/label/api/review/projects");
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains(project));
            HttpResponse<String> all =
                    send(server, reviewer, "GET", "/label/api/review/projects/" + encoded + "/labels");
            assertEquals(200, all.statusCode(), all.body());
            JsonNode label = Json.MAPPER
                    .readTree(all.body())
                    .get("tasks")
                    .get(0)
                    .get("labels")
                    .get(0);
            assertEquals("lab-" + suffix, label.get("labeler").asText());
            assertEquals("[[1],[0]]", label.get("ranking").toString());
            assertEquals(
                    403,
                    send(server, reviewer, "POST", "/label/api/admin/projects/" + encoded + "/close")
                            .statusCode());

            Session admin = login(server, "adm-" + suffix);
            assertEquals(
                    200,
                    send(server, admin, "POST", "/label/api/admin/projects/" + encoded + "/close")
                            .statusCode());
            assertFalse(labels.project(project).orElseThrow().open());
            assertTrue(users.recentAudit(20).stream()
                    .anyMatch(
                            e -> e.action().equals("project.close") && e.actor().equals("adm-" + suffix)));
        }
    }
}
