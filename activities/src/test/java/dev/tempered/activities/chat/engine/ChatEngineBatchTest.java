package dev.tempered.activities.chat.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.model.Gpt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Batching changes nothing but speed: a row gives the same tokens alone or among 63 others whose
 * prompts have other lengths, greedy and sampled, tool calls included; and every stop reason ends
 * the right row at the right token.
 */
class ChatEngineBatchTest {
    static final ToolChatModel M = ToolChatModel.get();

    @Test
    void paddedRowsGetTheLogitsTheyHaveAlone() {
        int[] shortPrompt = M.prompt(ToolChatModel.ARITHMETIC);
        int[] longPrompt = M.prompt(ToolChatModel.HOSTILE);
        int width = Math.max(shortPrompt.length, longPrompt.length);
        int pad = width - shortPrompt.length;
        assertTrue(pad > 0, "the prompts must differ in length");
        int[] ids = new int[2 * width];
        int[] positions = new int[2 * width];
        float[] real = new float[2 * width];
        for (int j = 0; j < shortPrompt.length; j++) {
            ids[pad + j] = shortPrompt[j];
            positions[pad + j] = j;
            real[pad + j] = 1;
        }
        for (int j = 0; j < width; j++) {
            ids[width + j] = longPrompt[j];
            positions[width + j] = j;
            real[width + j] = 1;
        }
        try (NDScope scope = new NDScope();
                Gpt.KvCache cache = new Gpt.KvCache(M.model.config())) {
            float[] batched = M.model
                    .forwardLast(
                            M.manager.create(ids, new Shape(2, width)),
                            M.manager.create(positions, new Shape(2, width)),
                            M.manager.create(real, new Shape(2, width)),
                            cache)
                    .toFloatArray(); // (2, V)
            int vocab = M.model.config().vocabSize();
            float[] alone = lastLogits(shortPrompt);
            for (int v = 0; v < vocab; v++) assertEquals(alone[v], batched[v], 1e-4, "short row, token " + v);
            float[] aloneLong = lastLogits(longPrompt);
            for (int v = 0; v < vocab; v++)
                assertEquals(aloneLong[v], batched[vocab + v], 1e-4, "long row, token " + v);
        }
    }

    @Test
    void greedyRowsAreTheSameAloneAndInABatchOf64() {
        assertBatchEqualsAlone(EngineSettings.greedy(24));
    }

    @Test
    void sampledRowsAreTheSameAloneAndInABatchOf64() {
        assertBatchEqualsAlone(new EngineSettings(24, 1.0, 0, 1, true, 4));
        assertBatchEqualsAlone(new EngineSettings(24, 0.8, 20, 0.9, true, 4));
    }

    @Test
    void eachRowStopsForItsOwnReason() {
        int context = M.model.config().contextLength();
        int[] full = M.renderer.render(ToolChatModel.ARITHMETIC, context).ids();
        int[] text = M.renderer.encoder().encodeOrdinary(M.tutorialText);
        int[] nearlyFull = Arrays.copyOf(text, context - 3);
        int[] exactlyFull = Arrays.copyOf(text, context);
        List<GenerationRequest> rows = List.of(
                new GenerationRequest(M.prompt(ToolChatModel.ARITHMETIC), 1),
                new GenerationRequest(full, 2), // ends with <|assistant_end|>: a new document comes next
                new GenerationRequest(nearlyFull, 3),
                new GenerationRequest(exactlyFull, 4),
                new GenerationRequest(M.prompt(ToolChatModel.SPELLING), 5));
        List<Generation> out =
                new ChatEngine(M.model, M.renderer).generate(rows, EngineSettings.greedy(40), GenerationListener.NONE);
        assertEquals(Generation.StopReason.ASSISTANT_END, out.get(0).stop());
        assertEquals(M.tokens().assistantEnd(), last(out.get(0)));
        assertEquals(Generation.StopReason.BOS, out.get(1).stop());
        assertArrayEquals(new int[] {M.tokens().bos()}, out.get(1).tokens());
        assertEquals(Generation.StopReason.CONTEXT_FULL, out.get(2).stop());
        assertEquals(3, out.get(2).tokens().length);
        assertEquals(Generation.StopReason.CONTEXT_FULL, out.get(3).stop());
        assertEquals(0, out.get(3).tokens().length);
        assertEquals(Generation.StopReason.ASSISTANT_END, out.get(4).stop());

        Generation budget = new ChatEngine(M.model, M.renderer)
                .generate(rows.subList(0, 1), EngineSettings.greedy(5), GenerationListener.NONE)
                .get(0);
        assertEquals(Generation.StopReason.MAX_TOKENS, budget.stop());
        assertArrayEquals(Arrays.copyOf(out.get(0).tokens(), 5), budget.tokens());
    }

    @Test
    void aCancelledRowStopsAndTheOthersGoOn() {
        List<GenerationRequest> rows = List.of(
                new GenerationRequest(M.prompt(ToolChatModel.ARITHMETIC), 1),
                new GenerationRequest(M.prompt(ToolChatModel.SPELLING), 2));
        ChatEngine engine = new ChatEngine(M.model, M.renderer);
        List<Generation> whole = engine.generate(rows, EngineSettings.greedy(60), GenerationListener.NONE);
        int[] seen = new int[2];
        List<Generation> cut =
                engine.generate(rows, EngineSettings.greedy(60), (row, token, forced) -> ++seen[row] < 3 || row == 1);
        assertEquals(Generation.StopReason.CANCELLED, cut.get(0).stop());
        assertArrayEquals(Arrays.copyOf(whole.get(0).tokens(), 3), cut.get(0).tokens());
        assertArrayEquals(whole.get(1).tokens(), cut.get(1).tokens());
        assertEquals(whole.get(1).stop(), cut.get(1).stop());
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedByIndex() {
        int[] tooLong = new int[M.model.config().contextLength() + 1];
        List<GenerationRequest> rows =
                List.of(new GenerationRequest(new int[] {M.tokens().bos()}, 1), new GenerationRequest(tooLong, 2));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ChatEngine(M.model, M.renderer)
                        .generate(rows, EngineSettings.greedy(4), GenerationListener.NONE));
        assertEquals(
                "prompt 1 has 97 tokens, more than the model's context of 96; shorten the conversation",
                e.getMessage());
    }

    /**
     * 64 rows: the three trained prompts (tool calls, forced outputs) and 61 questions cut from the
     * tutorial text at different lengths, each with its own seed; every row must match its own
     * run alone.
     */
    private static void assertBatchEqualsAlone(EngineSettings settings) {
        String[] words = M.tutorialText.split(" ");
        List<GenerationRequest> rows = new ArrayList<>();
        Set<Integer> lengths = new TreeSet<>();
        for (int i = 0; i < 64; i++) {
            int[] prompt;
            if (i < ToolChatModel.TRAINED.size()) {
                prompt = M.prompt(ToolChatModel.TRAINED.get(i));
            } else {
                int from = (i * 37) % (words.length - 40);
                String question = String.join(" ", Arrays.copyOfRange(words, from, from + 1 + (i * 7) % 30));
                prompt = M.renderer.renderPrompt(
                        new Conversation(List.of(Message.user(question)), "test", "batch", "q" + i));
            }
            lengths.add(prompt.length);
            rows.add(new GenerationRequest(prompt, 1000 + i));
        }
        assertTrue(lengths.size() > 20, "prompt lengths: " + lengths);
        ChatEngine engine = new ChatEngine(M.model, M.renderer);
        List<Generation> batched = engine.generate(rows, settings, GenerationListener.NONE);
        int toolCalls = 0;
        for (int i = 0; i < rows.size(); i++) {
            Generation alone = engine.generate(List.of(rows.get(i)), settings, GenerationListener.NONE)
                    .get(0);
            Generation b = batched.get(i);
            assertArrayEquals(alone.tokens(), b.tokens(), "row " + i + " tokens");
            assertArrayEquals(alone.forced(), b.forced(), "row " + i + " forced flags");
            assertEquals(alone.stop(), b.stop(), "row " + i + " stop");
            assertEquals(alone.toolCalls(), b.toolCalls(), "row " + i + " tool calls");
            toolCalls += b.toolCalls();
        }
        assertTrue(toolCalls >= 3, "the trained rows call the tool: " + toolCalls);
    }

    private static float[] lastLogits(int[] prompt) {
        NDArray logits = M.model.forward(M.manager.create(prompt, new Shape(1, prompt.length)), null, false);
        return logits.get("0, -1").toFloatArray();
    }

    private static int last(Generation g) {
        return g.tokens()[g.tokens().length - 1];
    }
}
