package dev.tempered.activities.chat.engine;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

/**
 * One row of a {@link ChatEngine} batch: its stream, its random state, its tool call in progress
 * and the tool output still to be forced, and why it stopped. Everything a row decides depends
 * only on its own logits and its own state, which is why a row gives the same tokens alone or in
 * any batch.
 */
final class EngineRow {
    final int index;
    final int[] prompt;
    private final Random rng;
    private final EngineSettings settings;
    private final ChatRenderer renderer;
    private final ChatTokens specials;
    private final int context;
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private int[] tokens = new int[16];
    private byte[] forced = new byte[16];
    private int size;
    /** Stream index of the open {@code <|python_start|>}, or −1 when no call is open. */
    private int callStart = -1;

    private int toolCalls;
    private Generation.StopReason stop;
    /** Leading slots of this row in the batch's cache that are padding. */
    int padding;

    EngineRow(int index, int[] prompt, long seed, EngineSettings settings, ChatRenderer renderer, int context) {
        this.index = index;
        this.prompt = prompt;
        this.rng = new Random(seed);
        this.settings = settings;
        this.renderer = renderer;
        this.specials = renderer.tokens();
        this.context = context;
        if (prompt.length >= context) stop = Generation.StopReason.CONTEXT_FULL;
    }

    boolean done() {
        return stop != null;
    }

    /** The token this row feeds to the model next: its newest. */
    int last() {
        return size == 0 ? prompt[prompt.length - 1] : tokens[size - 1];
    }

    /** The position of {@link #last()} in this row's own sequence. */
    int lastPosition() {
        return prompt.length + size - 1;
    }

    /**
     * This row's uniform for the step's draw: the next value of its own random state, or 0 without
     * a draw when its next token is a forced tool token.
     */
    double uniform() {
        return pending.isEmpty() ? rng.nextDouble() : 0;
    }

    /**
     * Takes this row's next token, forced when a tool output is pending and otherwise the step's
     * choice for it, and tells the listener.
     */
    void advance(long chosen, GenerationListener listener) {
        boolean isForced = !pending.isEmpty();
        int token = isForced ? pending.poll() : (int) chosen;
        append(token, isForced);
        if (!isForced) react(token);
        // The listener sees the stop token too (streaming shows the reply's end); cancelling then changes nothing.
        if (!listener.onToken(index, token, isForced) && stop == null) stop = Generation.StopReason.CANCELLED;
        if (stop != null) return;
        if (size >= settings.maxTokens()) stop = Generation.StopReason.MAX_TOKENS;
        else if (prompt.length + size >= context) stop = Generation.StopReason.CONTEXT_FULL;
    }

    /** What a sampled token means: the end of the reply, or the start or end of a tool call. */
    private void react(int token) {
        if (token == specials.assistantEnd()) {
            stop = Generation.StopReason.ASSISTANT_END;
        } else if (token == specials.bos()) {
            stop = Generation.StopReason.BOS;
        } else if (token == specials.pythonStart()) {
            callStart = size - 1;
        } else if (token == specials.pythonEnd() && callStart >= 0) {
            String call = renderer.encoder().decode(Arrays.copyOfRange(tokens, callStart + 1, size - 1));
            callStart = -1;
            toolCalls++;
            String output;
            if (!settings.toolsEnabled()) output = "error: tools are disabled";
            else if (toolCalls > settings.maxToolCalls()) output = "error: tool call limit reached";
            else output = Calculator.evaluate(call);
            pending.add(specials.outputStart());
            for (int id : renderer.encoder().encodeOrdinary(output)) pending.add(id);
            pending.add(specials.outputEnd());
        }
    }

    private void append(int token, boolean isForced) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
            forced = Arrays.copyOf(forced, size * 2);
        }
        tokens[size] = token;
        forced[size] = (byte) (isForced ? 1 : 0);
        size++;
    }

    Generation result() {
        return new Generation(
                Arrays.copyOf(tokens, size),
                Arrays.copyOf(forced, size),
                stop == null ? Generation.StopReason.MAX_TOKENS : stop,
                toolCalls);
    }
}
