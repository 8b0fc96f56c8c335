package dev.tempered.app.cli;

import dev.tempered.activities.model.serve.ChatEvents;
import java.io.PrintStream;

/**
 * Shows a reply in a terminal as it is generated: text as it streams to {@code text}, each
 * calculator call as one line of its own on {@code tools}, {@code [calc] 12*7 → 84}, dimmed when
 * {@code dim} (an interactive terminal). With {@code tools} on stderr, a script reading stdout gets
 * the assistant's words alone.
 */
final class TerminalChat implements ChatEvents {
    private static final String DIM = "\u001b[2m";
    private static final String PLAIN = "\u001b[0m";

    private final PrintStream text;
    private final PrintStream tools;
    private final boolean dim;
    private String pendingCall;
    private boolean midLine;

    TerminalChat(PrintStream text, PrintStream tools, boolean dim) {
        this.text = text;
        this.tools = tools;
        this.dim = dim;
    }

    @Override
    public void text(String piece) {
        text.print(piece);
        text.flush();
        midLine = !piece.endsWith("\n");
    }

    @Override
    public void toolCall(String input) {
        pendingCall = input;
    }

    @Override
    public void toolOutput(String output) {
        toolLine((pendingCall == null ? "" : pendingCall) + " → " + output);
        pendingCall = null;
    }

    /** Ends the reply: a call still waiting for its output is shown as it is, then a newline. */
    void finish() {
        if (pendingCall != null) toolLine(pendingCall);
        pendingCall = null;
        if (midLine) text.println();
        midLine = false;
        text.flush();
    }

    private void toolLine(String body) {
        // On one stream, the tool line must not continue the text's line.
        if (tools == text && midLine) {
            text.println();
            midLine = false;
        }
        tools.println((dim ? DIM : "") + "[calc] " + body + (dim ? PLAIN : ""));
        tools.flush();
    }
}
