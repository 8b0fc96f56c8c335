package dev.tempered.activities.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.ingest.SourceManifest.Entry;
import dev.tempered.activities.ingest.SourceManifest.SourceKind;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * A record broken in the middle of the real sample WARC ({@code examples/data/sample.warc.gz}, and
 * the same records uncompressed) costs that record only: every other record is read as from the
 * intact file, the broken one is counted by reason at its offset, and a run resumed from any
 * checkpoint gives the same manifest as an uninterrupted one.
 */
class WarcResyncTest {
    private static final Set<String> HTML = Set.of("text/html", "application/xhtml+xml", "text/plain");

    @TempDir
    Path work;

    /** One record as jwarc reads it from an intact file: its offset, type and URL. */
    record Rec(long offset, String type, String url) {}

    private static byte[] gz() throws IOException {
        return Files.readAllBytes(IngestCoreTest.WARC);
    }

    private static byte[] plain() throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz()))) {
            return in.readAllBytes();
        }
    }

    private static List<Rec> records(byte[] warc) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
            for (WarcRecord r : reader) {
                String url = r instanceof org.netpreserve.jwarc.WarcTargetRecord t ? t.target() : null;
                out.add(new Rec(reader.position(), r.type(), url));
            }
        }
        return out;
    }

    /** Every item the reader gives, as text: pages by offset and URL, skips and malformed by reason. */
    private static List<String> items(byte[] warc) {
        List<String> out = new ArrayList<>();
        try (WarcPageReader reader = new WarcPageReader(new ByteArrayInputStream(warc), "d", 10L << 20, HTML)) {
            IngestItem item;
            while ((item = reader.next()) != null) {
                if (item instanceof IngestItem.Page p)
                    out.add(p.page().sourceOffset() + " " + p.page().url());
                else if (item instanceof IngestItem.Skipped s) out.add("skipped " + s.reason());
                else if (item instanceof IngestItem.Malformed m) out.add("malformed " + m.reason() + " @" + m.offset());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** What the reader should give for the intact file's records, less the one at {@code broken}. */
    private static List<String> expected(List<Rec> recs, long broken, String reason) {
        List<String> out = new ArrayList<>();
        for (Rec r : recs) {
            if (r.offset() == broken) out.add("malformed " + reason + " @" + broken);
            else if (r.type().equals("response")) out.add(r.offset() + " " + r.url());
            else out.add("skipped warc-type:" + r.type());
        }
        return out;
    }

    private static Rec middleResponse(List<Rec> recs) {
        for (int i = recs.size() / 2; i < recs.size(); i++)
            if (recs.get(i).type().equals("response")) return recs.get(i);
        throw new IllegalStateException("no response record in the second half");
    }

    @Test
    void intactFilesGiveEveryRecordAtJwarcsOffsets() throws IOException {
        List<Rec> gzRecs = records(gz());
        assertEquals(1801, gzRecs.size());
        assertEquals(expected(gzRecs, -1, null), items(gz()));
        List<Rec> plainRecs = records(plain());
        assertEquals(1801, plainRecs.size());
        assertEquals(expected(plainRecs, -1, null), items(plain()));
    }

    @Test
    void aDamagedGzipMemberCostsOnlyItsRecord() throws IOException {
        byte[] warc = gz();
        List<Rec> recs = records(warc);
        Rec victim = middleResponse(recs);
        long next = recs.get(recs.indexOf(victim) + 1).offset();
        // Overwrite the middle of the member's deflate data: the inflater or the CRC check fails.
        int mid = (int) ((victim.offset() + next) / 2);
        for (int i = mid; i < mid + 40; i++) warc[i] = (byte) (warc[i] ^ 0x5a);
        assertEquals(expected(recs, victim.offset(), "malformed-gzip"), items(warc));
    }

    @Test
    void aDamagedGzipHeaderCostsOnlyItsRecord() throws IOException {
        byte[] warc = gz();
        List<Rec> recs = records(warc);
        Rec victim = middleResponse(recs);
        warc[(int) victim.offset()] = 'X';
        assertEquals(expected(recs, victim.offset(), "malformed-gzip"), items(warc));
    }

    @Test
    void aDamagedPlainRecordHeaderCostsOnlyItsRecord() throws IOException {
        byte[] warc = plain();
        List<Rec> recs = records(warc);
        Rec victim = middleResponse(recs);
        // "WARC/1.0" -> "WARX/1.0", and the Content-Length name garbled: the header is not a WARC header.
        warc[(int) victim.offset() + 3] = 'X';
        String head = new String(warc, (int) victim.offset(), 2000, StandardCharsets.ISO_8859_1);
        int cl = head.indexOf("Content-Length");
        warc[(int) victim.offset() + cl] = 'X';
        assertEquals(expected(recs, victim.offset(), "malformed-record"), items(warc));
    }

    @Test
    void aPlainRecordWithAWrongContentLengthCostsOnlyItsRecord() throws IOException {
        byte[] warc = plain();
        List<Rec> recs = records(warc);
        Rec victim = middleResponse(recs);
        String head = new String(warc, (int) victim.offset(), 2000, StandardCharsets.ISO_8859_1);
        int at = head.indexOf("Content-Length: ") + "Content-Length: ".length();
        // Lower the first digit: the block then ends early and no CRLF CRLF follows it.
        int digit = (int) victim.offset() + at;
        assertTrue(warc[digit] > '1', "first digit of the Content-Length");
        warc[digit] = (byte) (warc[digit] - 1);
        assertEquals(expected(recs, victim.offset(), "bad-record-length"), items(warc));
    }

    // Resumption through IngestCore, as IngestCoreTest does it, on a damaged file.

    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private final List<IngestCheckpoint> checkpoints = new ArrayList<>();

    private Entry source(String path, byte[] bytes) {
        String digest = Digests.sha256Hex(bytes);
        blobs.put(digest, bytes);
        return new Entry(path, SourceKind.warc, digest, bytes.length);
    }

    private IngestCheckpoint ingest(List<Entry> entries, IngestCheckpoint from) throws IOException {
        IngestCore core = new IngestCore(
                new SourceManifest(SourceManifest.FORMAT, entries, List.of()),
                new IngestParams(1L << 20, 10L << 20, HTML),
                work,
                e -> new ByteArrayInputStream(blobs.get(e.digest())),
                (file, pages, bytes) -> {
                    byte[] shard = Files.readAllBytes(file);
                    String digest = Digests.sha256Hex(shard);
                    blobs.put(digest, shard);
                    return digest;
                },
                new IngestCore.Listener() {
                    public void onCheckpoint(IngestCheckpoint c) {
                        checkpoints.add(c);
                    }

                    public void onProgress(IngestProgress p) {}
                });
        return core.run(from);
    }

    @Test
    void resumingADamagedFileFromEveryCheckpointGivesTheSameManifest() throws IOException {
        byte[] warc = gz();
        List<Rec> recs = records(warc);
        // Two damaged members, one early and one late, so checkpoints fall before, between and after.
        Rec early = recs.get(301).type().equals("response") ? recs.get(301) : recs.get(302);
        Rec late = middleResponse(recs.subList(recs.size() / 2, recs.size()));
        warc[(int) early.offset()] = 'X';
        warc[(int) late.offset() + 1] = 'X';
        List<Entry> entries = List.of(source("damaged.warc.gz", warc));
        IngestCheckpoint full = ingest(entries, IngestCheckpoint.start());
        assertEquals(899 - 2, full.pages());
        assertEquals(Map.of("malformed-gzip", 2L), full.malformed());
        assertEquals(
                List.of(
                        new IngestCheckpoint.IngestError(
                                "damaged.warc.gz", early.offset(), "malformed-gzip", "no gzip magic"),
                        new IngestCheckpoint.IngestError(
                                "damaged.warc.gz", late.offset(), "malformed-gzip", "no gzip magic")),
                full.errors());
        List<IngestCheckpoint> all = new ArrayList<>(checkpoints);
        assertTrue(all.size() >= 10, "checkpoints: " + all.size());
        String manifest =
                Json.write(IngestManifest.of(new SourceManifest(SourceManifest.FORMAT, entries, List.of()), full));
        // Before the first damage, between the two, and after the second (resuming is a full re-read, so not all).
        List<IngestCheckpoint> froms = new ArrayList<>();
        for (IngestCheckpoint c : all) {
            boolean afterEarly = c.recordsDone() > recs.indexOf(early) + 1;
            boolean afterLate = c.recordsDone() > recs.indexOf(late) + 1;
            int kind = afterLate ? 2 : afterEarly ? 1 : 0;
            if (froms.size() == kind) froms.add(c);
        }
        assertEquals(3, froms.size(), "checkpoints before, between and after the damage");
        for (IngestCheckpoint from : froms) {
            checkpoints.clear();
            IngestCheckpoint resumed = ingest(entries, from);
            assertEquals(full, resumed, "resumed from " + from.recordsDone() + " records");
            assertEquals(
                    manifest,
                    Json.write(
                            IngestManifest.of(new SourceManifest(SourceManifest.FORMAT, entries, List.of()), resumed)));
        }
    }
}
