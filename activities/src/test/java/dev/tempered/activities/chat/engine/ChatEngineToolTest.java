package dev.tempered.activities.chat.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Part;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calculator in the stream, on a real GPT that memorised three tool-calling conversations with
 * wrong tool outputs ({@link ToolChatModel}): the engine reproduces the call, forces the calculator's
 * own output (not the memorised one), marks exactly those tokens forced, and sampling goes on after
 * them.
 */
class ChatEngineToolTest {
    static final ToolChatModel M = ToolChatModel.get();

    @Test
    void forcesTheCalculatorsResultAndContinues() {
        Generation g = generate(ToolChatModel.ARITHMETIC, EngineSettings.greedy(80));
        ChatRenderer.AssistantReply reply = M.renderer.parseReply(g.tokens());
        assertEquals(Generation.StopReason.ASSISTANT_END, g.stop());
        assertEquals(1, g.toolCalls());
        assertTrue(reply.wellFormed(), reply.problem());
        assertEquals(
                List.of(
                        new Part.Text("Let me compute that. "),
                        new Part.ToolCall(Part.ToolCall.CALC, "12 * (3 + 4)"),
                        new Part.ToolOutput("84"),
                        new Part.Text(" So the answer is 84.")),
                reply.parts());
        assertForcedExactlyOn(g, "84");
    }

    @Test
    void countsLettersWithTheSpellingForm() {
        Generation g = generate(ToolChatModel.SPELLING, EngineSettings.greedy(80));
        ChatRenderer.AssistantReply reply = M.renderer.parseReply(g.tokens());
        assertEquals(
                new Part.ToolCall(Part.ToolCall.CALC, "'strawberry'.count('r')"),
                reply.parts().get(1));
        assertEquals(new Part.ToolOutput("3"), reply.parts().get(2));
        assertForcedExactlyOn(g, "3");
        assertEquals(Generation.StopReason.ASSISTANT_END, g.stop());
    }

    @Test
    void aHostileCallGetsAnErrorOutputAndGenerationGoesOn() {
        Generation g = generate(ToolChatModel.HOSTILE, EngineSettings.greedy(80));
        ChatRenderer.AssistantReply reply = M.renderer.parseReply(g.tokens());
        assertEquals(
                new Part.ToolCall(Part.ToolCall.CALC, "__import__('os')"),
                reply.parts().get(0));
        assertEquals(
                new Part.ToolOutput("error: '_' at 1 is not arithmetic"),
                reply.parts().get(1));
        assertForcedExactlyOn(g, "error: '_' at 1 is not arithmetic");
        assertSamplingResumedAfterTheOutput(g);
    }

    @Test
    void disabledToolsAnswerWithAnError() {
        EngineSettings off = new EngineSettings(80, 0, 0, 1, false, 4);
        Generation g = generate(ToolChatModel.ARITHMETIC, off);
        assertEquals(
                new Part.ToolOutput("error: tools are disabled"),
                M.renderer.parseReply(g.tokens()).parts().get(2));
        assertForcedExactlyOn(g, "error: tools are disabled");
        assertSamplingResumedAfterTheOutput(g);
    }

    @Test
    void callsBeyondTheLimitAnswerWithAnError() {
        EngineSettings none = new EngineSettings(80, 0, 0, 1, true, 0);
        Generation g = generate(ToolChatModel.ARITHMETIC, none);
        assertEquals(1, g.toolCalls());
        assertEquals(
                new Part.ToolOutput("error: tool call limit reached"),
                M.renderer.parseReply(g.tokens()).parts().get(2));
        assertSamplingResumedAfterTheOutput(g);
    }

    @Test
    void aCallCutByTheTokenBudgetIsReportedByTheParser() {
        Generation whole = generate(ToolChatModel.ARITHMETIC, EngineSettings.greedy(80));
        int callStart = indexOf(whole.tokens(), tokens().pythonStart());
        Generation cut = generate(ToolChatModel.ARITHMETIC, EngineSettings.greedy(callStart + 3));
        assertEquals(Generation.StopReason.MAX_TOKENS, cut.stop());
        assertArrayEquals(Arrays.copyOf(whole.tokens(), callStart + 3), cut.tokens());
        assertEquals(0, cut.toolCalls());
        assertEquals(
                "tool call opened at token " + callStart + " is never closed",
                M.renderer.parseReply(cut.tokens()).problem());
    }

    @Test
    void theListenerSeesEveryTokenAsItEntersTheStream() {
        List<int[]> seen = new ArrayList<>();
        ChatEngine engine = new ChatEngine(M.model, M.renderer);
        Generation g = engine.generate(
                        List.of(new GenerationRequest(M.prompt(ToolChatModel.ARITHMETIC), 1)),
                        EngineSettings.greedy(80),
                        (row, token, forced) -> seen.add(new int[] {row, token, forced ? 1 : 0}))
                .get(0);
        assertEquals(g.tokens().length, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertArrayEquals(new int[] {0, g.tokens()[i], g.forced()[i]}, seen.get(i), "token " + i);
        }
    }

    /** The forced tokens are exactly {@code <|output_start|>}, the output's text and {@code <|output_end|>}. */
    private static void assertForcedExactlyOn(Generation g, String output) {
        int start = indexOf(g.tokens(), tokens().outputStart());
        int[] text = M.renderer.encoder().encodeOrdinary(output);
        byte[] expected = new byte[g.tokens().length];
        Arrays.fill(expected, start, start + text.length + 2, (byte) 1);
        assertArrayEquals(expected, g.forced());
        assertArrayEquals(text, Arrays.copyOfRange(g.tokens(), start + 1, start + 1 + text.length));
        assertEquals(tokens().outputEnd(), g.tokens()[start + 1 + text.length]);
    }

    /** At least one sampled token follows the forced output. */
    private static void assertSamplingResumedAfterTheOutput(Generation g) {
        int end = indexOf(g.tokens(), tokens().outputEnd());
        assertTrue(
                end >= 0 && end + 1 < g.tokens().length,
                "no token after the tool output: " + Arrays.toString(g.tokens()));
        assertEquals(0, g.forced()[end + 1]);
        assertFalse(g.stop() == Generation.StopReason.CANCELLED);
    }

    private static Generation generate(Conversation c, EngineSettings settings) {
        return new ChatEngine(M.model, M.renderer)
                .generate(List.of(new GenerationRequest(M.prompt(c), 1)), settings, GenerationListener.NONE)
                .get(0);
    }

    private static ChatTokens tokens() {
        return M.tokens();
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) if (ids[i] == id) return i;
        return -1;
    }
}
