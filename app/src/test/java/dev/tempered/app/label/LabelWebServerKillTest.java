package dev.tempered.app.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.chat.label.LabelApiClient;
import dev.tempered.storage.Json;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged = durable across a web server that dies mid-stream: 20 labelers submit through the
 * API while the server is stopped and started again twice on the same port; the clients retry
 * unacknowledged submissions with the same idempotency key. Afterwards every acknowledged
 * submission is in the database exactly once, under the id it was acknowledged with, and nothing
 * is stored that no one acknowledged.
 */
class LabelWebServerKillTest {
    private static final int LABELERS = 20;
    private static final int TASKS = 200;

    @Test
    void everyAcknowledgedLabelSurvivesWebServerRestartsExactlyOnce() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        UserStore users = new UserStore(fixture.dataSource(), new PasswordHasher(8, 1, 1));
        LabelStore labels = new LabelStore(fixture.dataSource());
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<User> accounts = new ArrayList<>();
        for (int i = 0; i < LABELERS; i++)
            accounts.add(users.create("kill-" + suffix + "-" + i, Role.LABELER, "kill-password"));
        String project = "kill/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            tasks.add(new NewTask(
                    "prompt " + t,
                    null,
                    null,
                    List.of(new NewTask.NewResponse("a" + t, "{}"), new NewTask.NewResponse("b" + t, "{}"))));
        }
        labels.createProject(
                new LabelProject(
                        project, "kill", "", 2, 2, 2, 100, Instant.now().plus(Duration.ofDays(1)), true),
                tasks,
                accounts.stream().map(User::id).toList());

        var s3 = S3ArtifactStore.connect(fixture.s3Config("labelkill"));
        DashboardServer first = DashboardServer.start(WebConfig.anyFreePort(), fixture.lineage(), s3);
        int port = first.port();
        URI api = URI.create(first.url());
        Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(LABELERS);
        List<Future<?>> running = new ArrayList<>();
        for (User u : accounts) {
            running.add(pool.submit(() -> {
                LabelApiClient client = new LabelApiClient(api);
                client.login(u.name(), "kill-password");
                while (true) {
                    var next = retrying(client::next);
                    if (next.isEmpty()) return null;
                    ObjectNode body = Json.MAPPER.createObjectNode();
                    String key = UUID.randomUUID().toString();
                    body.put("idempotency_key", key);
                    body.put("task_id", next.get().id().toString());
                    body.putArray("ranking")
                            .add(Json.MAPPER.createArrayNode().add(1))
                            .add(Json.MAPPER.createArrayNode().add(0));
                    LabelApiClient.Ack ack = client.submit(body);
                    if (ack.status() != 200) throw new AssertionError("refused: " + ack.status() + " " + ack.error());
                    acks.incrementAndGet();
                    String before = acknowledged.putIfAbsent(ack.submissionId(), key);
                    if (before != null && !ack.replay()) throw new AssertionError("one id acknowledged twice as new");
                }
            }));
        }
        DashboardServer current = first;
        List<Integer> acksAtKill = new ArrayList<>();
        for (int restart = 0; restart < 2; restart++) {
            int target = (restart + 1) * TASKS * 2 / 3;
            while (acks.get() < target && running.stream().noneMatch(Future::isDone)) Thread.sleep(5);
            acksAtKill.add(acks.get());
            current.close(); // Requests in flight die with it; their clients retry with the same key.
            Thread.sleep(300);
            current = DashboardServer.start(new WebConfig(WebConfig.DEFAULT_HOST, port), fixture.lineage(), s3);
        }
        try {
            for (Future<?> f : running) f.get();
        } finally {
            pool.shutdownNow();
            current.close();
        }
        List<StoredLabel> stored = labels.labels(project);
        assertEquals(TASKS * 2, stored.size(), "every task labeled by both its labelers");
        Map<UUID, String> inDb = new HashMap<>();
        for (StoredLabel l : stored) inDb.put(l.id(), l.idempotencyKey());
        assertEquals(acknowledged, inDb, "each acknowledged submission stored once under its id and key, nothing else");
        assertTrue(acks.get() >= TASKS * 2);
        for (int at : acksAtKill) assertTrue(at < TASKS * 2, "the server died mid-stream, not after it: " + acksAtKill);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Retries a read while the server is down (the client retries submissions itself). */
    private static <T> T retrying(Call<T> call) throws Exception {
        Exception last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return call.call();
            } catch (java.io.IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
