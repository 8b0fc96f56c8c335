package dev.tempered.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A deterministic {@link TextGenerator}: the module's boundary, implemented in the test so the
 * dashboard's streaming, escaping and cancelling can be checked without a model. It writes
 * {@link #pieces} for the prompt, can hold after the first few pieces until released, and records
 * whether the server told it to stop.
 */
final class ScriptedGenerator implements TextGenerator {
    static final String IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">";
    static final String SCRIPT_PAYLOAD = "<script>document.title='pwned'</script>";
    static final String MISSING = "0".repeat(64);
    static final String NOT_A_CHECKPOINT = "1".repeat(64);

    volatile int holdAfter = Integer.MAX_VALUE;
    volatile CountDownLatch release = new CountDownLatch(0);
    volatile long pauseMillis = 0;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    /** The text for a prompt: an echo of it (hostile prompts come back as model output), then fixed pieces. */
    static List<String> pieces(String prompt, int maxTokens) {
        List<String> out = new ArrayList<>(
                List.of("«" + prompt + "»", " alpha", " " + IMG_PAYLOAD, " beta\n", " " + SCRIPT_PAYLOAD, " gamma"));
        for (int i = out.size(); i < maxTokens; i++) out.add(" t" + i);
        return out.subList(0, maxTokens);
    }

    @Override
    public Completion generate(
            String model,
            String prompt,
            PlaygroundSettings settings,
            Consumer<String> sink,
            BooleanSupplier keepGoing) {
        if (model.equals(MISSING))
            throw GeneratorException.notFound("no artifact " + model + " in the lineage store", null);
        if (model.equals(NOT_A_CHECKPOINT))
            throw GeneratorException.badRequest("artifact " + model + " is a samples, not a checkpoint", null);
        calls.incrementAndGet();
        cancelled.set(false);
        sent.set(0);
        int n = 0;
        for (String piece : pieces(prompt, settings.maxTokens())) {
            if (n == holdAfter) await();
            if (!keepGoing.getAsBoolean()) {
                cancelled.set(true);
                return new Completion(n, "cancelled");
            }
            sink.accept(piece);
            sent.incrementAndGet();
            n++;
            if (pauseMillis > 0) sleep(pauseMillis);
        }
        return new Completion(n, "max_tokens");
    }

    private void await() {
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
