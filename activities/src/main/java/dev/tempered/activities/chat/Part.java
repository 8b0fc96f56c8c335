package dev.tempered.activities.chat;

/**
 * One piece of a message's content. User and system messages hold one {@link Text}; an assistant
 * message may interleave text with tool calls and the tool's outputs, in the order they happened.
 *
 * <p>Rendering ({@link ChatRenderer}): text and tool calls are the model's own tokens (trained);
 * tool outputs come from the tool and are forced into the stream (never trained).
 */
public sealed interface Part {

    /** Plain text. */
    record Text(String text) implements Part {
        public Text {
            if (text == null) throw new IllegalArgumentException("text part needs text");
        }
    }

    /**
     * A call of {@code tool} with {@code input}, e.g. the calculator with {@code "12*(3+4)"}.
     * The tool names Tempered knows are in {@link #TOOLS}.
     */
    record ToolCall(String tool, String input) implements Part {
        /** The arithmetic calculator: numbers and {@code + - * / ( )}. */
        public static final String CALC = "calc";

        public ToolCall {
            if (tool == null || input == null) throw new IllegalArgumentException("tool_call needs tool and input");
        }
    }

    /** What the tool returned for the call before it (a number, or an error text such as {@code error: division by zero}). */
    record ToolOutput(String output) implements Part {
        public ToolOutput {
            if (output == null) throw new IllegalArgumentException("tool_output needs output");
        }
    }

    /** The tools a conversation may call. */
    java.util.Set<String> TOOLS = java.util.Set.of(ToolCall.CALC);
}
