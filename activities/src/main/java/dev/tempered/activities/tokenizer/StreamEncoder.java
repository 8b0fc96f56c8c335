package dev.tempered.activities.tokenizer;

import java.io.IOException;
import java.io.Reader;
import java.util.function.IntConsumer;

/**
 * Encodes a {@link Reader} block by block, giving exactly the ids of encoding the whole text at once.
 *
 * <p><b>Why the ids are the same.</b> Each round encodes the kept text plus one new block, treating
 * the block's end as a temporary end of text, and hands out only the ids of chunks that no later
 * text can change; the rest is kept and encoded again with the next block:
 * <ul>
 *   <li>A stretch that ends at a special token fully inside the buffer is exact: the whole text is
 *       split there too.</li>
 *   <li>In the last stretch, the last chunk is kept back. Every other chunk is final: none of the
 *       pattern's alternatives (for cl100k, gpt-2 and o200k alike) looks behind its start, and one
 *       that stops short of the buffer's end has read at most one character past its own end, which
 *       is in the buffer. What differs at a temporary end (a letter, number or space run, or
 *       {@code \s++$}, cut short) only ever affects the chunk that touches that end. The kept chunk
 *       starts a chunk of the whole text too, so splitting resumes in step.</li>
 *   <li>Text from the first place where a special token might begin (a proper prefix of one runs to
 *       the buffer's end) is kept whole, so a token cut by a block boundary is seen, and so that the
 *       chunk before it is not handed out early.</li>
 *   <li>A block that ends on a high surrogate keeps it for the next round, so a character is never
 *       cut in two.</li>
 * </ul>
 * The stream-versus-string tests check this on the corpus with small blocks.
 *
 * <p>Not handled: memory is bounded by the block plus the longest chunk, so one enormous chunk (a
 * hundred megabytes without a space) is held, and copied each round, whole; a custom pattern
 * that leaves text unmatched or whose match depends on more than one character beyond its end is
 * not covered by the argument above.
 */
final class StreamEncoder {
    static final int DEFAULT_BLOCK_CHARS = 1 << 20;

    private final BpeEncoder.Session session;
    private final int blockChars;

    StreamEncoder(BpeEncoder.Session session, int blockChars) {
        this.session = session;
        this.blockChars = blockChars;
    }

    long run(Reader in, IntConsumer out) throws IOException {
        char[] block = new char[blockChars];
        String kept = "";
        long base = 0; // offset of kept's first character in the whole text
        long count = 0;
        int checkedTo = 0; // within kept: disallowed tokens were already searched before this
        while (true) {
            int n = fill(in, block);
            boolean eof = n < block.length;
            String buf = n == 0 ? kept : kept + new String(block, 0, n);
            int to = buf.length();
            if (!eof && to > 0 && Character.isHighSurrogate(buf.charAt(to - 1))) to--;
            // A disallowed token may straddle the previous end: search from where one could start.
            session.checkDisallowed(buf, Math.max(0, checkedTo - session.watchedMaxLength() + 1), to, base);
            int keep = session.encode(buf, 0, to, eof);
            for (int i = 0; i < session.out.size(); i++) out.accept(session.out.get(i));
            count += session.out.size();
            session.out.clear();
            if (eof) return count;
            kept = buf.substring(keep);
            base += keep;
            checkedTo = to - keep;
        }
    }

    /** Reads until {@code block} is full or the stream ends; returns the number of chars read. */
    private static int fill(Reader in, char[] block) throws IOException {
        int n = 0;
        while (n < block.length) {
            int r = in.read(block, n, block.length - n);
            if (r < 0) break;
            n += r;
        }
        return n;
    }
}
