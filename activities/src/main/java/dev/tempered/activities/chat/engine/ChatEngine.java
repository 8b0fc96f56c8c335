package dev.tempered.activities.chat.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.model.DecodingRule;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.NoGrad;
import java.util.ArrayList;
import java.util.List;

/**
 * The one generator of chat replies (CLI chat, dashboard chat, evaluate, labeling, RL rollouts):
 * many prompts at once through one KV cache, each row with its own seed, stop and tool calls.
 *
 * <p>How a batch runs: the prompts are left-padded to the longest and prefilled in one forward;
 * then every live row feeds its newest token, one position per step, with its own positions and a
 * padding mask ({@link Gpt#forwardLast}), so a row's logits are those it would have alone. A row
 * stops at {@code <|assistant_end|>} or {@code <|bos|>} (kept in its tokens), at
 * {@link EngineSettings#maxTokens()}, when its sequence fills the context, or when the listener
 * cancels it; finished rows leave the batch and the cache, and slots that are padding in every
 * remaining row are dropped, so they stop costing compute.
 *
 * <p>The calculator: when a row draws {@code <|python_end|>} after a {@code <|python_start|>}, the
 * text between them goes to {@link Calculator#evaluate} and {@code <|output_start|>}, the result
 * and {@code <|output_end|>} are forced into that row one token per step (through the model, so
 * the cache holds them, marked {@code forced}); then sampling goes on. A call that never closes
 * simply runs into the token budget; the reply parser reports it.
 *
 * <p>Determinism: each row draws from its own {@code java.util.Random(seed)} under
 * {@link DecodingRule}, so the same request gives the same tokens
 * whatever else shares its batch (up to float rounding in the batched matmuls, which changes a
 * choice only on a near tie).
 *
 * <p>Not here: the chat template ({@link ChatRenderer}), parsing replies, sliding past the context.
 */
public final class ChatEngine {
    /**
     * Rows generated together at most; more requests run in successive batches of this size. At
     * the demo shape a batch of 128 at full context holds ~35 MB of attention weights per layer
     * in its prefill and ~4 MB of logits per step; far larger batches gain little on CPU.
     */
    public static final int BATCH_LIMIT = 128;

    private final Gpt model;
    private final ChatRenderer renderer;
    private final int batchLimit;

    /** Thread-safe: calls to {@link #generate} share only the model's parameters, which they only read. */
    public ChatEngine(Gpt model, ChatRenderer renderer) {
        this(model, renderer, BATCH_LIMIT);
    }

    ChatEngine(Gpt model, ChatRenderer renderer, int batchLimit) {
        if (batchLimit < 1) throw new IllegalArgumentException("batchLimit must be ≥ 1, got " + batchLimit);
        this.model = model;
        this.renderer = renderer;
        this.batchLimit = batchLimit;
    }

    /** One {@link Generation} per request, in request order. */
    public List<Generation> generate(
            List<GenerationRequest> requests, EngineSettings settings, GenerationListener listener) {
        int context = model.config().contextLength();
        int vocab = model.config().vocabSize();
        List<EngineRow> rows = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int[] prompt = requests.get(i).prompt();
            if (prompt.length > context) {
                throw new IllegalArgumentException("prompt " + i + " has " + prompt.length
                        + " tokens, more than the model's context of " + context + "; shorten the conversation");
            }
            for (int id : prompt) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("prompt " + i + " holds token id " + id
                            + ", outside the model's vocabulary 0.." + (vocab - 1));
                }
            }
            rows.add(new EngineRow(i, prompt, requests.get(i).seed(), settings, renderer, context));
        }
        List<EngineRow> live = new ArrayList<>();
        for (EngineRow r : rows) if (!r.done()) live.add(r);
        for (int from = 0; from < live.size(); from += batchLimit) {
            run(new ArrayList<>(live.subList(from, Math.min(live.size(), from + batchLimit))), settings, listener);
        }
        List<Generation> out = new ArrayList<>();
        for (EngineRow r : rows) out.add(r.result());
        return out;
    }

    /** Autograd off for the whole run ({@link NoGrad}: this runs on activity and request threads). */
    private void run(List<EngineRow> live, EngineSettings settings, GenerationListener listener) {
        try (NoGrad off = NoGrad.enter();
                NDManager manager = NDManager.newBaseManager(model.device());
                Gpt.KvCache cache = new Gpt.KvCache(model.config())) {
            long[] next = prefill(manager, cache, live, settings);
            while (true) {
                for (int i = 0; i < live.size(); i++) live.get(i).advance(next[i], listener);
                live = compact(live, cache);
                if (live.isEmpty()) return;
                next = step(manager, cache, live, settings);
            }
        }
    }

    /** All prompts, left-padded to the longest, in one forward: each row's logits after its prompt. */
    private long[] prefill(NDManager manager, Gpt.KvCache cache, List<EngineRow> live, EngineSettings settings) {
        int b = live.size();
        int width = 0;
        for (EngineRow r : live) width = Math.max(width, r.prompt.length);
        int[] ids = new int[b * width];
        int[] positions = new int[b * width];
        int[] padding = new int[b];
        for (int i = 0; i < b; i++) {
            EngineRow r = live.get(i);
            r.padding = width - r.prompt.length;
            padding[i] = r.padding;
            for (int j = 0; j < r.prompt.length; j++) {
                int slot = i * width + r.padding + j;
                ids[slot] = r.prompt[j];
                positions[slot] = j;
            }
        }
        try (NDScope scope = new NDScope()) {
            return choose(
                    model.forwardLast(
                            manager.create(ids, new Shape(b, width)),
                            manager.create(positions, new Shape(b, width)),
                            padding,
                            cache),
                    live,
                    settings);
        }
    }

    /** Every live row's newest token at its own position: the logits after it. */
    private long[] step(NDManager manager, Gpt.KvCache cache, List<EngineRow> live, EngineSettings settings) {
        int b = live.size();
        int[] ids = new int[b];
        int[] positions = new int[b];
        int[] padding = new int[b];
        for (int i = 0; i < b; i++) {
            EngineRow r = live.get(i);
            ids[i] = r.last();
            positions[i] = r.lastPosition();
            padding[i] = r.padding;
        }
        try (NDScope scope = new NDScope()) {
            return choose(
                    model.forwardLast(
                            manager.create(ids, new Shape(b, 1)),
                            manager.create(positions, new Shape(b, 1)),
                            padding,
                            cache),
                    live,
                    settings);
        }
    }

    /**
     * Each live row's next token from the step's logits (B, V) by {@link DecodingRule}, in libtorch:
     * only B ids cross into Java. A row draws its uniform from its own random state only when it
     * samples, so a forced tool token costs no draw (its computed choice is ignored).
     */
    private static long[] choose(NDArray logits, List<EngineRow> live, EngineSettings s) {
        double[] u = null;
        if (!DecodingRule.isGreedy(s.temperature(), s.topK())) {
            u = new double[live.size()];
            for (int i = 0; i < u.length; i++) u[i] = live.get(i).uniform();
        }
        return DecodingRule.choose(logits, s.temperature(), s.topK(), s.topP(), u);
    }

    /**
     * The rows still going; when some finished, the cache keeps only theirs, without the leading
     * slots that are padding for all of them.
     */
    private static List<EngineRow> compact(List<EngineRow> live, Gpt.KvCache cache) {
        List<EngineRow> going = new ArrayList<>();
        for (EngineRow r : live) if (!r.done()) going.add(r);
        if (going.size() == live.size() || going.isEmpty()) return going;
        long[] keep = new long[going.size()];
        int leading = Integer.MAX_VALUE;
        for (int i = 0, k = 0; i < live.size(); i++) {
            if (!live.get(i).done()) keep[k++] = i;
        }
        for (EngineRow r : going) leading = Math.min(leading, r.padding);
        cache.retain(keep, leading);
        for (EngineRow r : going) r.padding -= leading;
        return going;
    }
}
