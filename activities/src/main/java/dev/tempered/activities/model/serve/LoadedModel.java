package dev.tempered.activities.model.serve;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.Sampler;
import dev.tempered.activities.tokenizer.BpeEncoder;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A checkpoint in memory with the tokenizer it was trained with, ready to complete prompts the way
 * the {@code sample} stage does: BOS, then the prompt's ordinary tokens; BOS drawn ends the text.
 *
 * <p>One generation at a time per model: calls are serialised, which keeps PyTorch's threads for
 * the one running and makes {@link #close} wait for it. Not here: batching, chat templates.
 */
public final class LoadedModel implements AutoCloseable {
    /** What a generation produced: the completion (as streamed), its token count and why it ended. */
    public record Completion(String text, int tokens, String stop) {}

    private final String checkpoint;
    private final String tokenizer;
    private final long step;
    private final NDManager manager;
    private final Gpt gpt;
    private final BpeEncoder encoder;
    private final int bos;
    private boolean closed;

    LoadedModel(
            String checkpoint, String tokenizer, long step, NDManager manager, Gpt gpt, BpeEncoder encoder, int bos) {
        this.checkpoint = checkpoint;
        this.tokenizer = tokenizer;
        this.step = step;
        this.manager = manager;
        this.gpt = gpt;
        this.encoder = encoder;
        this.bos = bos;
    }

    public String checkpoint() {
        return checkpoint;
    }

    /** The tokenizer artifact in use: found through lineage or given by the caller. */
    public String tokenizer() {
        return tokenizer;
    }

    /** The training step the checkpoint was saved at. */
    public long step() {
        return step;
    }

    /** Tokens the model attends to at once; a prompt and its completion must fit in it. */
    public int contextLength() {
        return gpt.config().contextLength();
    }

    /** Tokens {@code prompt} takes in the model's context: the start token plus its text. */
    public int promptTokens(String prompt) {
        return 1 + encoder.encodeOrdinary(prompt).length;
    }

    /**
     * Completes {@code prompt}, passing text to {@code pieces} as tokens are generated. The pieces
     * concatenate to {@link Completion#text()}. {@code keepGoing} is asked after every token; false
     * (the client went away) ends generation early with stop {@code cancelled}.
     */
    public synchronized Completion generate(
            String prompt,
            GenerationSettings settings,
            Consumer<String> pieces,
            java.util.function.BooleanSupplier keepGoing) {
        if (closed)
            throw new IllegalStateException("model " + checkpoint + " was unloaded (evicted from the cache); retry");
        int[] ordinary = encoder.encodeOrdinary(prompt);
        int[] ids = new int[ordinary.length + 1];
        ids[0] = bos; // Documents were trained as BOS + text, so a prompt starts the same way.
        System.arraycopy(ordinary, 0, ids, 1, ordinary.length);
        Sampler.Options options = new Sampler.Options(
                settings.maxTokens(),
                settings.temperature(),
                settings.topK(),
                settings.topP(),
                settings.seed(),
                Set.of(bos));
        TextStream text = new TextStream(settings.stop(), pieces);
        boolean[] cancelled = {false};
        Sampler.Result r = new Sampler(gpt).generate(ids, options, true, token -> {
            if (!text.add(encoder.decodeBytes(new int[] {token}))) return false;
            if (!keepGoing.getAsBoolean()) {
                cancelled[0] = true;
                return false;
            }
            return true;
        });
        text.finish();
        String stop = cancelled[0]
                ? "cancelled"
                : r.stop() == Sampler.Stop.LISTENER
                        ? "stop_string"
                        : r.stop().name().toLowerCase(java.util.Locale.ROOT);
        return new Completion(text.emitted(), r.tokens().length, stop);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        gpt.close();
        manager.close();
    }
}
