package dev.tempered.activities.tokenizer;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Byte-level BPE encoding and decoding that gives tiktoken's ids: {@code encode},
 * {@code encode_ordinary} and {@code decode}, for any {@link TokenizerSpec} (cl100k_base or one
 * Tempered trained).
 *
 * <p>Encoding splits the text at the allowed special tokens, pre-tokenizes each stretch between
 * them, and maps each chunk's UTF-8 bytes to ids: directly when the chunk is itself a token,
 * otherwise by {@link BytePairMerge}. {@link #encode(Reader, SpecialPolicy, IntConsumer)} does the
 * same over a stream in bounded memory; see {@link StreamEncoder} for why its ids are the same.
 *
 * <p>Instances are immutable and thread-safe; each call allocates its own scratch space.
 *
 * <p>Not handled: lone surrogates in the text are encoded as U+FFFD, as tiktoken does (Python
 * replaces them before encoding); when special tokens overlap, the leftmost wins and the longest
 * among those starting at the same place (tiktoken leaves that case to its hash map's order).
 */
public final class BpeEncoder {
    private final TokenizerSpec spec;
    private final RankMap ranks;
    private final PreTokenizer preTokenizer;
    private final Map<Integer, byte[]> specialBytes = new HashMap<>();

    public BpeEncoder(TokenizerSpec spec) {
        this(spec, PreTokenizer.of(spec.pattern()));
    }

    /** With a given pre-tokenizer, which must implement {@code spec.pattern()}: tests pit the regex against the hand-written one. */
    BpeEncoder(TokenizerSpec spec, PreTokenizer preTokenizer) {
        this.spec = spec;
        this.ranks = new RankMap(spec.tokensByRank());
        for (int b = 0; b < 256; b++) {
            if (ranks.ofByte(b) == RankMap.ABSENT) {
                throw new IllegalArgumentException("byte 0x" + Integer.toHexString(b)
                        + " is not a token: a byte-level vocabulary needs all 256 single bytes among its ranks");
            }
        }
        this.preTokenizer = preTokenizer;
        spec.specialTokens().forEach((text, id) -> specialBytes.put(id, text.getBytes(StandardCharsets.UTF_8)));
    }

    public TokenizerSpec spec() {
        return spec;
    }

    /** tiktoken's {@code encode(text)}: every special token in the text is an error. */
    public int[] encode(String text) {
        return encode(text, SpecialPolicy.DEFAULT);
    }

    public int[] encode(String text, SpecialPolicy policy) {
        Session s = new Session(policy, text.length() / 3);
        s.checkDisallowed(text, 0, text.length(), 0);
        s.encode(text, 0, text.length(), true);
        return s.out.toArray();
    }

    /** tiktoken's {@code encode_ordinary}: special tokens are ordinary text. */
    public int[] encodeOrdinary(String text) {
        Session s = new Session(SpecialPolicy.ORDINARY, text.length() / 3);
        s.split(text, 0, text.length(), false);
        return s.out.toArray();
    }

    /**
     * Encodes everything {@code in} yields, handing ids to {@code out} as they are settled, holding
     * about {@code 2 * blockChars} characters plus the longest chunk. A disallowed special token fails
     * when it is reached, after the ids before it were handed out. Returns the number of ids.
     */
    public long encode(Reader in, SpecialPolicy policy, IntConsumer out) throws IOException {
        return new StreamEncoder(new Session(policy, 1 << 16), StreamEncoder.DEFAULT_BLOCK_CHARS).run(in, out);
    }

    long encode(Reader in, SpecialPolicy policy, IntConsumer out, int blockChars) throws IOException {
        return new StreamEncoder(new Session(policy, 1 << 16), blockChars).run(in, out);
    }

    /** The bytes of the tokens, concatenated. */
    public byte[] decodeBytes(int[] ids) {
        int total = 0;
        for (int i = 0; i < ids.length; i++) total += length(ids, i);
        byte[] out = new byte[total];
        int at = 0;
        for (int id : ids) {
            if (id < ranks.size()) {
                at = ranks.copyBytes(id, out, at);
            } else {
                byte[] b = specialBytes.get(id);
                System.arraycopy(b, 0, out, at, b.length);
                at += b.length;
            }
        }
        return out;
    }

    /** Decodes with invalid UTF-8 replaced by U+FFFD (tiktoken's {@code errors="replace"}). */
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    /** Decodes, failing at the first byte that is not valid UTF-8. */
    public String decodeStrict(int[] ids) throws InvalidUtf8Exception {
        byte[] bytes = decodeBytes(ids);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, chars, true);
        if (!result.isError()) result = decoder.flush(chars);
        if (result.isError()) {
            int bad = in.position();
            int token = 0;
            for (int at = 0; token < ids.length; token++) {
                at += length(ids, token);
                if (at > bad) break;
            }
            throw new InvalidUtf8Exception(bad, result.length(), token, ids[token]);
        }
        return chars.flip().toString();
    }

    private int length(int[] ids, int i) {
        int id = ids[i];
        if (id >= 0 && id < ranks.size()) return ranks.length(id);
        byte[] b = specialBytes.get(id);
        if (b == null) {
            throw new IllegalArgumentException("id " + id + " at position " + i + " of the sequence is not in"
                    + " the vocabulary (size " + spec.vocabSize() + ")");
        }
        return b.length;
    }

    /** One encode call's state: resolved policy, scratch buffers, output. */
    final class Session implements PreTokenizer.ChunkSink {
        final IntList out;
        final SpecialMatcher allowed;
        final SpecialMatcher disallowed;
        /** Every special token the policy mentions: a stream keeps text that may start one. */
        final SpecialMatcher watched;

        private final BytePairMerge merge = new BytePairMerge(ranks);
        private byte[] piece = new byte[256];
        private CharSequence text;
        // Streaming: the last chunk is held back until the next one proves it final.
        private boolean holdLast;
        private int heldStart = -1;
        private int heldEnd = -1;

        Session(SpecialPolicy policy, int expected) {
            out = new IntList(expected);
            Map<String, Integer> all = spec.specialTokens();
            for (String t : policy.allowed()) {
                if (!all.containsKey(t))
                    throw new IllegalArgumentException(
                            "allowed special token " + t + " is not in this vocabulary, which has " + all.keySet());
            }
            for (String t : policy.disallowed()) {
                if (!all.containsKey(t))
                    throw new IllegalArgumentException(
                            "disallowed special token " + t + " is not in this vocabulary, which has " + all.keySet());
            }
            var allowedSet = policy.allowAll() ? all.keySet() : policy.allowed();
            var disallowedSet =
                    new java.util.LinkedHashSet<>(policy.disallowAll() ? all.keySet() : policy.disallowed());
            disallowedSet.removeAll(allowedSet);
            allowed = new SpecialMatcher(allowedSet);
            disallowed = new SpecialMatcher(disallowedSet);
            var both = new java.util.LinkedHashSet<>(allowedSet);
            both.addAll(disallowedSet);
            watched = new SpecialMatcher(both);
        }

        int watchedMaxLength() {
            return watched.maxLength();
        }

        void checkDisallowed(String text, int from, int to, long base) {
            if (disallowed.isEmpty()) return;
            disallowed.reset();
            int at = disallowed.find(text, from, to);
            if (at >= 0) throw new DisallowedSpecialTokenException(disallowed.matched(), base + at);
        }

        /**
         * Encodes {@code text[from, to)}. With {@code last}, {@code to} is the end of the text and
         * everything is encoded; without, only ids that no later text can change are produced, and
         * the position from which text must be kept for the next call is returned.
         */
        int encode(String text, int from, int to, boolean last) {
            allowed.reset();
            int pos = from;
            while (true) {
                int at = allowed.isEmpty() ? -1 : allowed.find(text, pos, to);
                if (at < 0) {
                    if (last) {
                        split(text, pos, to, false);
                        return to;
                    }
                    int limit = watched.isEmpty() ? to : watched.partialStart(text, pos, to);
                    return split(text, pos, limit, true);
                }
                split(text, pos, at, false);
                out.add(spec.specialTokens().get(allowed.matched()));
                pos = at + allowed.matched().length();
            }
        }

        /** Encodes the chunks of {@code text[from, to)}; with {@code holdLast}, all but the last, whose start is returned. */
        int split(CharSequence text, int from, int to, boolean holdLast) {
            this.text = text;
            this.holdLast = holdLast;
            heldStart = -1;
            preTokenizer.split(text, from, to, this);
            if (!holdLast) return to;
            return heldStart >= 0 ? heldStart : from;
        }

        @Override
        public void chunk(int start, int end) {
            if (holdLast) {
                if (heldStart >= 0) encodeChunk(heldStart, heldEnd);
                heldStart = start;
                heldEnd = end;
            } else {
                encodeChunk(start, end);
            }
        }

        private void encodeChunk(int start, int end) {
            int n = utf8(text, start, end);
            if (n == 1) {
                out.add(ranks.ofByte(piece[0]));
                return;
            }
            int rank = ranks.get(piece, 0, n);
            if (rank != RankMap.ABSENT) out.add(rank);
            else merge.encode(piece, n, out);
        }

        /** UTF-8 of {@code t[start, end)} into {@code piece}, lone surrogates as U+FFFD; returns the length. */
        private int utf8(CharSequence t, int start, int end) {
            if (piece.length < 3 * (end - start)) piece = new byte[3 * (end - start)];
            byte[] b = piece;
            int n = 0;
            for (int i = start; i < end; i++) {
                char c = t.charAt(i);
                if (c < 0x80) {
                    b[n++] = (byte) c;
                } else if (c < 0x800) {
                    b[n++] = (byte) (0xc0 | (c >> 6));
                    b[n++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    char d;
                    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(d = t.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, d);
                        i++;
                        b[n++] = (byte) (0xf0 | (cp >> 18));
                        b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                        b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                        b[n++] = (byte) (0x80 | (cp & 0x3f));
                    } else {
                        b[n++] = (byte) 0xef;
                        b[n++] = (byte) 0xbf;
                        b[n++] = (byte) 0xbd;
                    }
                } else {
                    b[n++] = (byte) (0xe0 | (c >> 12));
                    b[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[n++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            return n;
        }
    }
}
