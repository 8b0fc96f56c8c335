package dev.tempered.bench.label;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.chat.label.LabelApiClient;
import dev.tempered.storage.Json;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 13's bench: {@code labelers} concurrent simulated labelers (real accounts, one HTTP client
 * each) submit {@code labels} labels through the label API of the real web server on embedded
 * PostgreSQL, each fetching its next task and submitting a random ranking with ties. Prints the
 * sustained submissions per second and the acknowledgement latency (the submit request, from send
 * to 200) at p50/p90/p99/max, then checks the database: every acknowledged submission stored once,
 * nothing unacknowledged stored.
 *
 * <pre>
 * java -cp ... dev.tempered.bench.label.LabelSubmitBench [labelers=50] [labels=10000] [overlap=2]
 * </pre>
 */
public final class LabelSubmitBench {
    private LabelSubmitBench() {}

    public static void main(String[] args) throws Exception {
        int labelers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int overlap = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int k = 4;
        StorageFixture fixture = StorageFixture.get();
        UserStore users = new UserStore(fixture.dataSource());
        LabelStore labels = new LabelStore(fixture.dataSource());
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<User> accounts = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < labelers; i++) {
            String password = UserStore.generatePassword();
            accounts.add(users.create("bench-" + suffix + "-" + i, Role.LABELER, password));
            passwords.add(password);
        }
        String project = "bench/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int t = 0; t < total / overlap; t++) {
            List<NewTask.NewResponse> responses = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                responses.add(new NewTask.NewResponse("response " + r + " to prompt " + t + " #### " + (t + r), "{}"));
            }
            tasks.add(new NewTask("What is " + t + " + 0?", "#### " + t, null, responses));
        }
        long t0 = System.nanoTime();
        labels.createProject(
                new LabelProject(
                        project,
                        "bench",
                        "bench",
                        k,
                        overlap,
                        overlap,
                        4000,
                        Instant.now().plus(Duration.ofDays(1)),
                        true),
                tasks,
                accounts.stream().map(User::id).toList());
        System.out.printf(
                "project: %,d tasks × overlap %d created in %.1f s%n",
                tasks.size(), overlap, (System.nanoTime() - t0) / 1e9);

        AtomicLong notifications = new AtomicLong();
        try (DashboardServer server = DashboardServer.start(
                WebConfig.anyFreePort(), fixture.lineage(), S3ArtifactStore.connect(fixture.s3Config("labelbench")))) {
            server.notifyLabelsWith(id -> notifications.incrementAndGet());
            URI api = URI.create(server.url());
            ConcurrentLinkedQueue<Long> submitNanos = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<UUID> acknowledged = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(labelers);
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < labelers; i++) {
                String name = accounts.get(i).name();
                String password = passwords.get(i);
                Random random = new Random(i);
                running.add(pool.submit(() -> {
                    LabelApiClient client = new LabelApiClient(api);
                    client.login(name, password);
                    while (true) {
                        var next = client.next();
                        if (next.isEmpty()) return null;
                        ObjectNode body = Json.MAPPER.createObjectNode();
                        body.put("idempotency_key", UUID.randomUUID().toString());
                        body.put("task_id", next.get().id().toString());
                        ArrayNode ranking = body.putArray("ranking");
                        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
                        java.util.Collections.shuffle(order, random);
                        ranking.addArray().add(order.get(0));
                        ranking.addArray().add(order.get(1)).add(order.get(2));
                        ranking.addArray().add(order.get(3));
                        long s = System.nanoTime();
                        LabelApiClient.Ack ack = client.submit(body);
                        submitNanos.add(System.nanoTime() - s);
                        if (ack.status() != 200) throw new IllegalStateException("refused: " + ack.error());
                        acknowledged.add(ack.submissionId());
                    }
                }));
            }
            for (Future<?> f : running) f.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long[] lat =
                    submitNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "%d labelers, %,d labels acknowledged in %.1f s: %.0f submissions/s (next + submit per label)%n",
                    labelers, acknowledged.size(), seconds, acknowledged.size() / seconds);
            System.out.printf(
                    "ack latency (submit request): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), lat[lat.length - 1] / 1e6);
            System.out.printf("workflow nudges sent (coalesced): %,d%n", notifications.get());
            List<StoredLabel> stored = labels.labels(project);
            Set<UUID> ids = new HashSet<>();
            for (StoredLabel l : stored) ids.add(l.id());
            Set<UUID> acked = new HashSet<>(acknowledged);
            System.out.printf(
                    "database: %,d stored, %,d distinct acknowledged; lost %d, duplicates %d, unacknowledged %d%n",
                    stored.size(),
                    acked.size(),
                    acked.stream().filter(id -> !ids.contains(id)).count(),
                    acknowledged.size() - acked.size(),
                    ids.stream().filter(id -> !acked.contains(id)).count());
            if (!ids.equals(acked) || acked.size() != acknowledged.size()) System.exit(1);
        }
        System.exit(0);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
