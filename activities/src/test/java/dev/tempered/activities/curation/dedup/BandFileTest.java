package dev.tempered.activities.curation.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BandFileTest {
    private static final MinHashConfig CONFIG = MinHashConfig.defaults();
    private static final int RECORD = 8 * 8 + 4;

    @TempDir
    Path dir;

    @Test
    void roundTripsRecordsAndHeader() throws IOException {
        Path f = BandFile.path(dir, 3, 17);
        assertTrue(f.endsWith(Path.of("bucket_003", "shard_000017.mhb")));
        long[] sig = new long[112];
        try (BandFile.Writer w = new BandFile.Writer(f, CONFIG, 3, 17)) {
            for (int doc : new int[] {0, 4, 9}) {
                Arrays.setAll(sig, i -> doc * 1000L + i);
                w.write(doc, sig, 3 * 8);
            }
        }
        assertFalse(Files.exists(f.resolveSibling("shard_000017.mhb.tmp")));
        assertEquals(48 + 3 * RECORD + 4, Files.size(f));
        try (BandFile.Reader r = new BandFile.Reader(f, CONFIG)) {
            assertEquals(3, r.bucket());
            assertEquals(17, r.shard());
            assertEquals(3, r.recordCount());
            long[] key = new long[8];
            for (int doc : new int[] {0, 4, 9}) {
                assertEquals(doc, r.next(key));
                long[] expected = new long[8];
                Arrays.setAll(expected, i -> doc * 1000L + 24 + i);
                assertArrayEquals(expected, key);
            }
            assertEquals(-1, r.next(key));
            assertEquals(-1, r.next(key));
        }
    }

    @Test
    void anEmptyShardRoundTrips() throws IOException {
        Path f = BandFile.path(dir, 0, 0);
        new BandFile.Writer(f, CONFIG, 0, 0).close();
        try (BandFile.Reader r = new BandFile.Reader(f, CONFIG)) {
            assertEquals(0, r.recordCount());
            assertEquals(-1, r.next(new long[8]));
        }
    }

    @Test
    void aTruncatedFileNamesTheFileAndTheOffsetOfTheFirstIncompleteRecord() throws IOException {
        Path f = writeThree();
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, 48 + RECORD + 10));
        BandFileException e = assertThrows(BandFileException.class, () -> new BandFile.Reader(f, CONFIG));
        assertEquals(f, e.file());
        assertEquals(48 + RECORD, e.offset());
        assertTrue(
                e.getMessage().startsWith(f + " at byte offset " + (48 + RECORD) + ": header promises 3 records"),
                e.getMessage());
        assertTrue(e.getMessage().contains("(truncated)"), e.getMessage());

        Files.write(f, Arrays.copyOf(all, 20));
        e = assertThrows(BandFileException.class, () -> new BandFile.Reader(f, CONFIG));
        assertEquals(20, e.offset());
        assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
    }

    @Test
    void aFlippedBitInARecordIsCaughtWithItsOffset() throws IOException {
        Path f = writeThree();
        byte[] all = Files.readAllBytes(f);
        int at = 48 + RECORD + 5; // inside the second record's first minhash
        all[at] ^= 0x10;
        Files.write(f, all);
        try (BandFile.Reader r = new BandFile.Reader(f, CONFIG)) {
            long[] key = new long[8];
            BandFileException e = assertThrows(BandFileException.class, () -> {
                while (r.next(key) >= 0) {
                    // Reading to the end verifies the checksum.
                }
            });
            assertEquals(48 + 3 * RECORD, e.offset());
            assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void aMinhashOutOfRangeIsReportedAtItsOffset() throws IOException {
        Path f = writeThree();
        byte[] all = Files.readAllBytes(f);
        all[48 + RECORD + 8 * 2 + 7] = (byte) 0xFF; // top byte of the second record's third minhash
        Files.write(f, all);
        try (BandFile.Reader r = new BandFile.Reader(f, CONFIG)) {
            long[] key = new long[8];
            r.next(key);
            BandFileException e = assertThrows(BandFileException.class, () -> r.next(key));
            assertEquals(48 + RECORD + 16, e.offset());
            assertTrue(e.getMessage().contains("not below 2^61-1"), e.getMessage());
        }
    }

    @Test
    void wrongMagicVersionOrConfigIsRefused() throws IOException {
        Path f = writeThree();
        byte[] all = Files.readAllBytes(f);
        byte[] bad = all.clone();
        bad[0] = 'X';
        Files.write(f, bad);
        BandFileException e = assertThrows(BandFileException.class, () -> new BandFile.Reader(f, CONFIG));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("not a band file"), e.getMessage());

        bad = all.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(f, bad);
        e = assertThrows(BandFileException.class, () -> new BandFile.Reader(f, CONFIG));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());

        Files.write(f, all);
        e = assertThrows(BandFileException.class, () -> new BandFile.Reader(f, new MinHashConfig(5, 14, 8, 2)));
        assertEquals(12, e.offset());
        assertTrue(e.getMessage().contains("seed=1") && e.getMessage().contains("seed=2"), e.getMessage());
    }

    @Test
    void aFailedWriterLeavesNoBandFile() throws IOException {
        Path f = BandFile.path(dir, 1, 2);
        BandFile.Writer w = new BandFile.Writer(f, CONFIG, 1, 2);
        w.write(0, new long[112], 8);
        w.abort();
        assertFalse(Files.exists(f));
        assertFalse(Files.exists(f.resolveSibling("shard_000002.mhb.tmp")));
    }

    private Path writeThree() throws IOException {
        Path f = BandFile.path(dir, 0, 5);
        long[] sig = new long[112];
        try (BandFile.Writer w = new BandFile.Writer(f, CONFIG, 0, 5)) {
            for (int doc = 0; doc < 3; doc++) {
                Arrays.fill(sig, doc + 1);
                w.write(doc, sig, 0);
            }
        }
        return f;
    }
}
