package dev.tempered.activities.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.tokenizer.SpecialTokens;
import java.util.Arrays;

/**
 * Checks a rendering's loss mask against the conversation, independently of how the renderer builds
 * it: the tokens with mask 1, decoded together, must read exactly as the assistant's text and tool
 * calls with their specials and each {@code <|assistant_end|>}; the tokens with mask 0 must read as
 * everything else (BOS, the user turns with their specials, {@code <|assistant_start|>} and the tool
 * outputs with theirs).
 */
public final class RenderAssertions {
    private RenderAssertions() {}

    /** What the trained tokens of {@code c} decode to. */
    public static String trainedText(Conversation c) {
        StringBuilder b = new StringBuilder();
        for (Message m : c.messages()) {
            if (m.role() != Role.ASSISTANT) continue;
            for (Part p : m.parts()) {
                if (p instanceof Part.Text t) b.append(t.text());
                else if (p instanceof Part.ToolCall call)
                    b.append(SpecialTokens.PYTHON_START).append(call.input()).append(SpecialTokens.PYTHON_END);
            }
            b.append(SpecialTokens.ASSISTANT_END);
        }
        return b.toString();
    }

    /** What the untrained tokens of {@code c} decode to (a system message merged into the first user turn). */
    public static String untrainedText(Conversation c) {
        StringBuilder b = new StringBuilder(SpecialTokens.BOS);
        String system = null;
        for (Message m : c.messages()) {
            switch (m.role()) {
                case SYSTEM -> system = m.text();
                case USER -> {
                    b.append(SpecialTokens.USER_START);
                    if (system != null) b.append(system).append("\n\n");
                    system = null;
                    b.append(m.text()).append(SpecialTokens.USER_END);
                }
                case ASSISTANT -> {
                    b.append(SpecialTokens.ASSISTANT_START);
                    for (Part p : m.parts()) {
                        if (p instanceof Part.ToolOutput o)
                            b.append(SpecialTokens.OUTPUT_START).append(o.output()).append(SpecialTokens.OUTPUT_END);
                    }
                }
            }
        }
        return b.toString();
    }

    public static void assertMaskIsTheAssistants(ChatRenderer renderer, Conversation c, RenderedConversation r) {
        assertEquals(trainedText(c), decode(renderer, r, 1), c.id() + ": trained tokens");
        assertEquals(untrainedText(c), decode(renderer, r, 0), c.id() + ": untrained tokens");
    }

    /** The tokens whose mask is {@code value}, decoded together. */
    public static String decode(ChatRenderer renderer, RenderedConversation r, int value) {
        int[] ids = new int[r.ids().length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) if (r.mask()[i] == value) ids[n++] = r.ids()[i];
        return renderer.encoder().decode(Arrays.copyOf(ids, n));
    }
}
