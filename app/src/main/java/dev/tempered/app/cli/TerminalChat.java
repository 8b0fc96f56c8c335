package dev.tempered.app.cli;

import dev.tempered.activities.model.serve.ChatEvents;
import java.io.PrintStream;

/**
 * Shows a reply in a terminal as it is generated: text as it streams to {@code text}, each
 * calculator call as one line of its own on {@code tools}, {@code [calc] 12*7 → 84}, dimmed when
 * {@code dim} (an interactive terminal). With {@code tools} on stderr, a script reading stdout gets
 * the assistant's words alone. Where the reply is shown inside other output (the demo's exchange),
 * every line after the first starts with {@code indent}.
 */
final class TerminalChat implements ChatEvents {
    private static final String DIM = "\u001b[2m";
    private static final String PLAIN = "\u001b[0m";

    private final PrintStream text;
    private final PrintStream tools;
    private final boolean dim;
    private final String indent;
    private String pendingCall;
    private boolean midLine;
    // A reply starts on a line the caller began (with its label), so its first line is not indented.
    private boolean started;
    private boolean afterTool;

    TerminalChat(PrintStream text, PrintStream tools, boolean dim) {
        this(text, tools, dim, "");
    }

    TerminalChat(PrintStream text, PrintStream tools, boolean dim, String indent) {
        this.text = text;
        this.tools = tools;
        this.dim = dim;
        this.indent = indent;
    }

    @Override
    public void text(String piece) {
        // The text after a calculator line starts a line of its own; its leading space was the separator.
        if (afterTool) piece = piece.stripLeading();
        if (piece.isEmpty()) return;
        afterTool = false;
        int start = 0;
        for (int nl = piece.indexOf('\n'); nl >= 0; nl = piece.indexOf('\n', start)) {
            if (started && !midLine && nl > start) text.print(indent);
            text.print(piece.substring(start, nl + 1));
            midLine = false;
            started = true;
            start = nl + 1;
        }
        if (start < piece.length()) {
            if (started && !midLine) text.print(indent);
            text.print(piece.substring(start));
            midLine = true;
            started = true;
        }
        text.flush();
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
        afterTool = false;
        text.flush();
    }

    private void toolLine(String body) {
        // On one stream, the tool line must not continue the text's line.
        if (tools == text && midLine) {
            text.println();
            midLine = false;
        }
        tools.println(
                (tools == text && started ? indent : "") + (dim ? DIM : "") + "[calc] " + body + (dim ? PLAIN : ""));
        tools.flush();
        afterTool = tools == text;
        started = true;
    }
}
