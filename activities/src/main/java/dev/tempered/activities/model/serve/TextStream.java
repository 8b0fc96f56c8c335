package dev.tempered.activities.model.serve;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns token bytes into text pieces as they arrive. A BPE token can end inside a UTF-8 character,
 * so undecodable tail bytes wait for the next token; invalid bytes become U+FFFD exactly as
 * {@code new String(bytes, UTF_8)} would, so the concatenated pieces equal the whole completion
 * decoded at once. Text that could be the start of a stop string is held back until it is clear.
 *
 * <p>Not thread-safe: one per generation.
 */
final class TextStream {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final List<String> stops;
    private final Consumer<String> out;
    private ByteBuffer pending = ByteBuffer.allocate(64);
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    TextStream(List<String> stops, Consumer<String> out) {
        this.stops = stops;
        this.out = out;
    }

    /** Adds one token's bytes; returns false once a stop string has appeared (nothing more is emitted). */
    boolean add(byte[] bytes) {
        if (stopped) return false;
        if (pending.remaining() < bytes.length) {
            ByteBuffer bigger =
                    ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + bytes.length));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(bytes);
        pending.flip();
        CharBuffer chars = CharBuffer.allocate(pending.remaining() + 1);
        decoder.decode(pending, chars, false);
        pending.compact();
        chars.flip();
        text.append(chars);
        return release(false);
    }

    /** Decodes what is left (an unfinished character becomes U+FFFD) and emits the rest of the text. */
    void finish() {
        if (stopped) return;
        pending.flip();
        CharBuffer chars = CharBuffer.allocate(pending.remaining() * 2 + 2);
        decoder.decode(pending, chars, true);
        decoder.flush(chars);
        chars.flip();
        text.append(chars);
        release(true);
    }

    /** The text emitted so far, which is the completion once {@link #finish} ran. */
    String emitted() {
        return text.substring(0, emitted);
    }

    private boolean release(boolean last) {
        int cut = -1;
        for (String s : stops) {
            int at = text.indexOf(s, Math.max(0, emitted - s.length() + 1));
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        if (cut >= 0) {
            emit(cut);
            stopped = true;
            return false;
        }
        emit(last ? text.length() : text.length() - heldBack());
        return true;
    }

    /** Length of the longest tail of the text that is a proper prefix of some stop string. */
    private int heldBack() {
        int held = 0;
        for (String s : stops) {
            for (int n = Math.min(s.length() - 1, text.length() - emitted); n > held; n--) {
                if (text.substring(text.length() - n).equals(s.substring(0, n))) {
                    held = n;
                    break;
                }
            }
        }
        return held;
    }

    private void emit(int upTo) {
        if (upTo > emitted) {
            out.accept(text.substring(emitted, upTo));
            emitted = upTo;
        }
    }
}
