package dev.tempered.activities.model.serve;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one reply's tokens, as the engine streams them, into {@link ChatEvents}: ordinary tokens
 * between tool segments are text (through a {@link TextStream}, so a character split across
 * tokens is emitted whole), {@code <|python_start|>…<|python_end|>} is a tool call and
 * {@code <|output_start|>…<|output_end|>} its output. The finished reply's parts come from
 * {@link ChatRenderer#parseReply}, not from here: this class only shows what is happening.
 *
 * <p>A tool call never closed emits nothing (the parsed reply names the problem). Not thread-safe.
 */
final class ReplyStream {
    private enum Segment {
        TEXT,
        CALL,
        OUTPUT
    }

    private final ChatRenderer renderer;
    private final ChatTokens tokens;
    private final ChatEvents events;
    private final List<Integer> held = new ArrayList<>();
    private Segment segment = Segment.TEXT;
    /** The text since the last tool segment; null until text arrives (a TextStream finishes once). */
    private TextStream text;

    ReplyStream(ChatRenderer renderer, ChatEvents events) {
        this.renderer = renderer;
        this.tokens = renderer.tokens();
        this.events = events;
    }

    void add(int token) {
        if (token == tokens.pythonStart()) {
            endText();
            start(Segment.CALL);
        } else if (token == tokens.pythonEnd() && segment == Segment.CALL) {
            events.toolCall(heldText());
            start(Segment.TEXT);
        } else if (token == tokens.outputStart()) {
            endText();
            start(Segment.OUTPUT);
        } else if (token == tokens.outputEnd() && segment == Segment.OUTPUT) {
            events.toolOutput(heldText());
            start(Segment.TEXT);
        } else if (tokens.isSpecial(token)) {
            // The end of the reply, or a special out of place; the parsed reply reports the latter.
            endText();
        } else if (segment == Segment.TEXT) {
            if (text == null) text = new TextStream(List.of(), events::text);
            text.add(renderer.encoder().decodeBytes(new int[] {token}));
        } else {
            held.add(token);
        }
    }

    /** Emits text still held back (an unfinished character becomes U+FFFD, as a whole decode would). */
    void finish() {
        endText();
    }

    private void endText() {
        if (text != null) text.finish();
        text = null;
    }

    private void start(Segment next) {
        segment = next;
        held.clear();
    }

    private String heldText() {
        return renderer.encoder()
                .decode(held.stream().mapToInt(Integer::intValue).toArray());
    }
}
