package dev.tempered.activities.curation.dedup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One chunk's MinHash signatures as the per-shard curation activity stores them, before the
 * global step turns every shard's parts into band files: {@code "TMHSIG01"}, the hash count
 * (int), then per signed document its index (int) and its hashes (longs), big-endian, ending
 * with a -1 index. Small and append-only, so a chunk can be stored as soon as it is done.
 */
public final class SignaturePart {
    static final byte[] MAGIC = "TMHSIG01".getBytes(StandardCharsets.US_ASCII);

    private SignaturePart() {}

    /** Writes signatures of one chunk; {@link #close()} writes the end marker. */
    public static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private final MinHashSignature signature;
        private final long[] sig;

        public Writer(OutputStream target, MinHashConfig config) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
            this.signature = new MinHashSignature(config);
            this.sig = new long[config.numHashes()];
            out.write(MAGIC);
            out.writeInt(config.numHashes());
        }

        /** Signs the text; texts shorter than the shingle size are skipped, as datatrove does. */
        public void add(int docIndex, String text) throws IOException {
            if (!signature.compute(text, sig)) return;
            out.writeInt(docIndex);
            for (long h : sig) out.writeLong(h);
        }

        @Override
        public void close() throws IOException {
            out.writeInt(-1);
            out.close();
        }
    }

    /** Reads a part, handing each (doc index, signature) to the consumer; errors name the part and offset. */
    public static void read(InputStream in, String name, MinHashConfig config, Consumer consumer) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        long offset = 0;
        try {
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC))
                throw new IOException("signature part " + name + " has no TMHSIG01 header");
            int hashes = data.readInt();
            offset = MAGIC.length + 4;
            if (hashes != config.numHashes()) {
                throw new IOException("signature part " + name + " has " + hashes + " hashes per document, config says "
                        + config.numHashes());
            }
            long[] sig = new long[hashes];
            while (true) {
                int doc = data.readInt();
                if (doc == -1) return;
                for (int i = 0; i < hashes; i++) sig[i] = data.readLong();
                consumer.accept(doc, sig);
                offset += 4 + 8L * hashes;
            }
        } catch (EOFException e) {
            throw new IOException("signature part " + name + " is truncated at byte " + offset, e);
        }
    }

    @FunctionalInterface
    public interface Consumer {
        void accept(int docIndex, long[] signature) throws IOException;
    }
}
