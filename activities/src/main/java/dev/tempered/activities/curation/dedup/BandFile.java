package dev.tempered.activities.curation.dedup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The band file: one shard's band keys for one bucket, written by the per-shard signature step
 * and read by the global bucket step. All numbers little-endian.
 *
 * <pre>
 * offset size  field
 *      0    8  magic "TMHBANDS"
 *      8    4  format version, 1 (shingle hash xxHash64, permutations as datatrove draws them)
 *     12    4  nGrams            \
 *     16    4  numBuckets         | the MinHashConfig that produced the file; the bucket step
 *     20    4  hashesPerBucket    | refuses files whose config differs from its own
 *     24    8  seed              /
 *     32    4  bucket index (0 .. numBuckets-1)
 *     36    4  shard index
 *     40    8  record count R
 *     48  R*(8*hashesPerBucket + 4)  records: band key (hashesPerBucket u64 minhashes, each
 *             below 2^61-1), then doc index (u32, position of the document in its shard),
 *             in increasing doc index order
 *   end    4  CRC-32 of the record bytes
 * </pre>
 *
 * <p>A record's document reference is (shard index from the header, doc index). Writers write to
 * a temporary name and rename on close, so a crashed step leaves no file that looks complete.
 */
public final class BandFile {
    static final byte[] MAGIC = "TMHBANDS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 48;
    static final int TRAILER_BYTES = 4;

    private BandFile() {}

    /** Where shard {@code shard}'s file for {@code bucket} lives under a band directory. */
    public static Path path(Path dir, int bucket, int shard) {
        return dir.resolve(String.format("bucket_%03d", bucket)).resolve(String.format("shard_%06d.mhb", shard));
    }

    static int recordBytes(int hashesPerBucket) {
        return 8 * hashesPerBucket + 4;
    }

    /** Appends records to one band file. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final MinHashConfig config;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();
        private final int bucket;
        private final int shard;
        private long records;
        private int lastDoc = -1;
        private boolean closed;

        public Writer(Path target, MinHashConfig config, int bucket, int shard) throws IOException {
            if (bucket < 0 || bucket >= config.numBuckets()) {
                throw new IllegalArgumentException("bucket " + bucket + " outside 0.." + (config.numBuckets() - 1));
            }
            if (shard < 0) {
                throw new IllegalArgumentException("shard index must be >= 0, got " + shard);
            }
            this.target = target;
            this.temp = target.resolveSibling(target.getFileName() + ".tmp");
            this.config = config;
            this.bucket = bucket;
            this.shard = shard;
            Files.createDirectories(target.toAbsolutePath().getParent());
            this.channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            writeHeader(0);
            channel.position(HEADER_BYTES);
        }

        /** Writes the band key {@code signature[from .. from+hashesPerBucket)} of document {@code doc}. */
        public void write(int doc, long[] signature, int from) throws IOException {
            if (doc <= lastDoc) {
                throw new IllegalArgumentException("doc indices must increase: " + doc + " after " + lastDoc);
            }
            int size = recordBytes(config.hashesPerBucket());
            if (buffer.remaining() < size) {
                flush();
            }
            int start = buffer.position();
            for (int i = 0; i < config.hashesPerBucket(); i++) {
                buffer.putLong(signature[from + i]);
            }
            buffer.putInt(doc);
            crc.update(buffer.array(), start, size);
            lastDoc = doc;
            records++;
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        private void writeHeader(long count) throws IOException {
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC)
                    .putInt(VERSION)
                    .putInt(config.nGrams())
                    .putInt(config.numBuckets())
                    .putInt(config.hashesPerBucket())
                    .putLong(config.seed())
                    .putInt(bucket)
                    .putInt(shard)
                    .putLong(count);
            h.flip();
            long pos = 0;
            while (h.hasRemaining()) {
                pos += channel.write(h, pos);
            }
        }

        /** Gives up: closes and deletes the temporary file, leaving no band file behind. Never throws. */
        public void abort() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: a leftover .tmp file is never read as a band file.
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                if (buffer.remaining() < TRAILER_BYTES) {
                    flush();
                }
                buffer.putInt((int) crc.getValue());
                flush();
                writeHeader(records);
                channel.force(false);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Reads one band file front to back, checking header, size, value ranges, order and checksum. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final int hashesPerBucket;
        private final int bucket;
        private final int shard;
        private final long count;
        private final int recordSize;
        private final ByteBuffer buffer;
        private final CRC32 crc = new CRC32();
        private long read;
        private long offset = HEADER_BYTES;
        private int lastDoc = -1;
        private boolean verified;

        /** Opens {@code file} and checks that it was written with {@code config}. */
        public Reader(Path file, MinHashConfig config) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = channel.size();
                if (size < HEADER_BYTES) {
                    throw new BandFileException(
                            file,
                            size,
                            "truncated header: file has " + size + " bytes, the header needs " + HEADER_BYTES);
                }
                ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                readFully(h, 0);
                h.flip();
                byte[] magic = new byte[MAGIC.length];
                h.get(magic);
                if (!java.util.Arrays.equals(magic, MAGIC)) {
                    throw new BandFileException(file, 0, "not a band file (magic is not \"TMHBANDS\")");
                }
                int version = h.getInt();
                if (version != VERSION) {
                    throw new BandFileException(
                            file, 8, "format version " + version + ", this reader understands " + VERSION);
                }
                MinHashConfig written = new MinHashConfig(h.getInt(), h.getInt(), h.getInt(), h.getLong());
                if (!written.equals(config)) {
                    throw new BandFileException(
                            file, 12, "written with " + written + " but the dedup step runs with " + config);
                }
                this.hashesPerBucket = config.hashesPerBucket();
                this.bucket = h.getInt();
                this.shard = h.getInt();
                this.count = h.getLong();
                if (bucket < 0 || bucket >= config.numBuckets()) {
                    throw new BandFileException(
                            file, 32, "bucket index " + bucket + " outside 0.." + (config.numBuckets() - 1));
                }
                if (shard < 0) {
                    throw new BandFileException(file, 36, "negative shard index " + shard);
                }
                this.recordSize = recordBytes(hashesPerBucket);
                long expected = HEADER_BYTES + count * recordSize + TRAILER_BYTES;
                if (count < 0 || size != expected) {
                    long complete = Math.max(0, Math.min(count, (size - HEADER_BYTES) / recordSize));
                    throw new BandFileException(
                            file,
                            HEADER_BYTES + complete * recordSize,
                            "header promises " + count
                                    + " records (" + expected + " bytes) but the file has " + size + " bytes"
                                    + (size < expected ? " (truncated)" : " (trailing garbage)"));
                }
                this.buffer = ByteBuffer.allocate(recordSize * 1024).order(ByteOrder.LITTLE_ENDIAN);
                buffer.flip();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        public int bucket() {
            return bucket;
        }

        public int shard() {
            return shard;
        }

        public long recordCount() {
            return count;
        }

        /**
         * Reads the next record's band key into {@code key} (length hashesPerBucket) and returns
         * its doc index, or -1 after the last record (when the checksum is also verified).
         */
        public int next(long[] key) throws IOException {
            if (read == count) {
                if (!verified) {
                    verifyChecksum();
                    verified = true;
                }
                return -1;
            }
            if (buffer.remaining() < recordSize) {
                buffer.clear();
                long left = (count - read) * recordSize;
                buffer.limit((int) Math.min(buffer.capacity(), left));
                readFully(buffer, offset);
                buffer.flip();
            }
            crc.update(buffer.array(), buffer.position(), recordSize);
            for (int i = 0; i < hashesPerBucket; i++) {
                long v = buffer.getLong();
                if (v < 0 || v >= MinHashSignature.MERSENNE_61) {
                    throw new BandFileException(
                            file,
                            offset + 8L * i,
                            "minhash " + Long.toUnsignedString(v) + " is not below 2^61-1 (corrupt record)");
                }
                key[i] = v;
            }
            int doc = buffer.getInt();
            if (doc <= lastDoc) {
                throw new BandFileException(
                        file,
                        offset + 8L * hashesPerBucket,
                        "doc index " + Integer.toUnsignedString(doc) + " does not follow " + lastDoc
                                + " (records must be in increasing doc order; corrupt record)");
            }
            lastDoc = doc;
            offset += recordSize;
            read++;
            return doc;
        }

        private void verifyChecksum() throws IOException {
            ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(t, offset);
            t.flip();
            int stored = t.getInt();
            if (stored != (int) crc.getValue()) {
                throw new BandFileException(
                        file,
                        offset,
                        String.format(
                                "CRC-32 of the records is %08x but the trailer says %08x",
                                (int) crc.getValue(), stored));
            }
        }

        private void readFully(ByteBuffer dst, long position) throws IOException {
            long pos = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw new BandFileException(file, pos, "unexpected end of file");
                }
                pos += n;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
