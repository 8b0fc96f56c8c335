package dev.tempered.app.label;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.chat.label.LabelApiClient;
import dev.tempered.storage.Json;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Labelers on the test's side of the label API, one thread each, as people at browsers would be:
 * log in, take the next task, rank its responses last to first, write an ideal answer that names
 * the submission's idempotency key (so the snapshot's demonstrations show which submission each
 * came from), submit, pause, repeat until no task is left. A submission that gets no answer is
 * sent again with the same key (the client does that); every acknowledgement is recorded.
 *
 * <p>Not a load generator: the pause between submissions spreads them over seconds so that a
 * fault injected by the test lands in the middle of the stream.
 */
public final class LabelerCrowd implements AutoCloseable {
    /** One acknowledged submission: the id the server gave it, its task, its labeler and its key. */
    public record Ack(UUID submissionId, UUID taskId, String labeler, String idempotencyKey) {}

    /** The ideal answer a submission carries: its idempotency key, so that the snapshot names it. */
    public static String idealAnswer(String idempotencyKey) {
        return "ideal answer of submission " + idempotencyKey;
    }

    private static final String PASSWORD = "crowd-password";

    private final URI api;
    private final Duration pause;
    private final Map<UUID, Ack> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    private LabelerCrowd(URI api, List<String> names, Duration pause) {
        this.api = api;
        this.pause = pause;
        this.pool = Executors.newFixedThreadPool(names.size());
    }

    /**
     * Creates {@code size} labeler accounts named {@code prefix-0 …} (a cheap password hash: these
     * tests are not about hashing) and returns their names, to name in the stage's params.
     */
    public static List<String> createAccounts(DataSource db, String prefix, int size) {
        UserStore users = new UserStore(db, new PasswordHasher(8, 1, 1));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = prefix + "-" + i;
            users.create(name, Role.LABELER, PASSWORD);
            out.add(name);
        }
        return out;
    }

    /** Starts one labeler thread per account; each waits until its first task is assigned. */
    public static LabelerCrowd start(URI api, List<String> names, Duration pause) {
        LabelerCrowd crowd = new LabelerCrowd(api, names, pause);
        for (String name : names) crowd.running.add(crowd.pool.submit(() -> crowd.label(name)));
        return crowd;
    }

    /** Submissions acknowledged so far (replays included). */
    public int acks() {
        return acks.get();
    }

    /** Waits until at least {@code n} acknowledgements came or a labeler ended; returns the count then. */
    public int awaitAcks(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks.get() < n && running.stream().noneMatch(Future::isDone) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return acks.get();
    }

    /** Waits for every labeler to run out of tasks and returns the acknowledged submissions by id. */
    public Map<UUID, Ack> finish(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> f : running) f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return Map.copyOf(acknowledged);
    }

    private Void label(String name) throws Exception {
        LabelApiClient client = new LabelApiClient(api);
        retrying(() -> {
            client.login(name, PASSWORD);
            return null;
        });
        // The project may not exist yet (its responses are being generated): wait for a first task.
        Optional<LabelApiClient.TaskView> next = Optional.empty();
        for (int i = 0; i < 1_200 && next.isEmpty(); i++) {
            next = retrying(client::next);
            if (next.isEmpty()) Thread.sleep(100);
        }
        while (next.isPresent()) {
            LabelApiClient.TaskView task = next.get();
            String key = UUID.randomUUID().toString();
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("idempotency_key", key);
            body.put("task_id", task.id().toString());
            ArrayNode ranking = body.putArray("ranking");
            for (int r = task.responses().size() - 1; r >= 0; r--)
                ranking.add(Json.MAPPER.createArrayNode().add(r));
            body.put("ideal_answer", idealAnswer(key));
            LabelApiClient.Ack ack = client.submit(body);
            if (ack.status() != 200) {
                throw new AssertionError(name + "'s submission refused: " + ack.status() + " " + ack.error());
            }
            Ack before =
                    acknowledged.putIfAbsent(ack.submissionId(), new Ack(ack.submissionId(), task.id(), name, key));
            if (before != null && !ack.replay()) throw new AssertionError("one id acknowledged twice as new");
            acks.incrementAndGet();
            Thread.sleep(pause.toMillis());
            next = retrying(client::next);
        }
        return null;
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Retries a read while the server cannot be reached (the client retries submissions itself). */
    private static <T> T retrying(Call<T> call) throws Exception {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return call.call();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
