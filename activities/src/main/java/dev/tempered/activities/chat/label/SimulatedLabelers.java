package dev.tempered.activities.chat.label;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Labelers that need no person: real accounts that log in and submit through the label API like a
 * browser page, each in its own thread, judging by the {@link Rubric}. The rubric's answer key (a
 * task's reference answer) is read from the database: people never see it, and the API never
 * serves it. When no response is correct a simulated labeler writes the reference as its ideal
 * answer, so the demo's demonstrations are real data.
 */
public final class SimulatedLabelers {
    /** An account to label as. */
    public record Account(String name, String password) {}

    private final URI api;
    private final LabelStore answerKey;
    private final Rubric rubric;
    private final long seed;

    public SimulatedLabelers(URI api, LabelStore answerKey, double noise, long seed) {
        this.api = api;
        this.answerKey = answerKey;
        this.rubric = new Rubric(noise);
        this.seed = seed;
    }

    /**
     * Runs every account until the API has no task left for it; returns the labels acknowledged.
     *
     * @param progress called with the running total after each acknowledgement (from any thread)
     */
    public long run(List<Account> accounts, LongConsumer progress) throws IOException, InterruptedException {
        AtomicLong acknowledged = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(accounts.size());
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                Account a = accounts.get(i);
                Random random = new Random(seed * 1_000_003L + i);
                running.add(pool.submit(() -> {
                    label(a, random, acknowledged, progress);
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    throw new IOException("simulated labeler failed: " + c, c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return acknowledged.get();
    }

    private void label(Account a, Random random, AtomicLong acknowledged, LongConsumer progress)
            throws IOException, InterruptedException {
        LabelApiClient client = new LabelApiClient(api);
        client.login(a.name(), a.password());
        while (true) {
            Optional<LabelApiClient.TaskView> next = client.next();
            if (next.isEmpty()) return;
            LabelApiClient.TaskView view = next.get();
            String reference =
                    answerKey.task(view.id()).map(LabelTask::reference).orElse(null);
            ObjectNode body = submission(view, reference, random);
            LabelApiClient.Ack ack = client.submit(body);
            if (ack.status() == 200) {
                progress.accept(acknowledged.incrementAndGet());
            } else if (ack.status() != 409) {
                // 409: the task closed or the deadline passed between fetching and submitting.
                throw new IOException("simulated labeler " + a.name() + "'s label of task " + view.id()
                        + " was refused (" + ack.status() + "): " + ack.error());
            }
        }
    }

    /** The JSON a labeler's page would send for this task. */
    ObjectNode submission(LabelApiClient.TaskView view, String reference, Random random) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("idempotency_key", new UUID(random.nextLong(), random.nextLong()).toString());
        body.put("task_id", view.id().toString());
        ArrayNode ranking = body.putArray("ranking");
        for (List<Integer> group : rubric.rank(view.responses(), reference, random)) {
            ArrayNode g = ranking.addArray();
            group.forEach(g::add);
        }
        if (reference != null && !Rubric.anyCorrect(view.responses(), reference)) body.put("ideal_answer", reference);
        body.put("confidence", reference == null ? 3 : 5);
        return body;
    }
}
