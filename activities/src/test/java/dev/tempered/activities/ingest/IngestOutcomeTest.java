package dev.tempered.activities.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.ingest.SourceManifest.Entry;
import dev.tempered.activities.ingest.SourceManifest.SourceKind;
import dev.tempered.storage.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input no longer "succeeds": the real sample WARC, a copy of it cut at 50 % and a plain-text
 * file given as a WARC, run through the real ingest loop, then judged.
 */
class IngestOutcomeTest {
    private static final Path DATA = Path.of("..", "examples", "data");
    private static final IngestParams PARAMS =
            new IngestParams(2L << 20, 10L << 20, Set.of("text/html", "application/xhtml+xml", "text/plain"));

    @TempDir
    Path work;

    private final Map<String, byte[]> blobs = new HashMap<>();

    private Entry source(String path, byte[] bytes) {
        String digest = Digests.sha256Hex(bytes);
        blobs.put(digest, bytes);
        return new Entry(path, SourceKind.warc, digest, bytes.length);
    }

    private IngestCheckpoint ingest(SourceManifest sources) throws IOException {
        return new IngestCore(
                        sources,
                        PARAMS,
                        work,
                        e -> new ByteArrayInputStream(blobs.get(e.digest())),
                        (file, pages, bytes) -> Digests.sha256Hex(Files.readAllBytes(file)),
                        new IngestCore.Listener() {
                            public void onCheckpoint(IngestCheckpoint c) {}

                            public void onProgress(IngestProgress p) {}
                        })
                .run(IngestCheckpoint.start());
    }

    private static SourceManifest manifest(Entry... entries) {
        return new SourceManifest(SourceManifest.FORMAT, List.of(entries), List.of());
    }

    @Test
    void aPlainTextFileGivenAsAWarcFailsNamingTheFileAndWhy() throws IOException {
        SourceManifest sources = manifest(source("notes.txt", Files.readAllBytes(DATA.resolve("README.md"))));
        IngestCheckpoint end = ingest(sources);
        InvalidStageInputException e =
                assertThrows(InvalidStageInputException.class, () -> IngestOutcome.requirePages(sources, end));
        assertEquals(
                "ingest found no pages in notes.txt: notes.txt is not a WARC file (the file starts with neither a"
                        + " gzip header nor 'WARC/1.'). Give WARC files (.warc, .warc.gz) or directories of .html"
                        + " files; curate, the tokenizer and pretrain would otherwise run on nothing.",
                e.getMessage());
    }

    @Test
    void aGoodSourceBesideABadOneKeepsTheRunGoingWithAWarning() throws IOException {
        SourceManifest sources = manifest(
                source("notes.txt", Files.readAllBytes(DATA.resolve("README.md"))),
                source("sample.warc.gz", Files.readAllBytes(DATA.resolve("sample.warc.gz"))));
        IngestCheckpoint end = ingest(sources);
        IngestOutcome.requirePages(sources, end);
        assertEquals(
                List.of("notes.txt is not a WARC file (the file starts with neither a gzip header nor 'WARC/1.')."),
                IngestOutcome.warnings(sources, end));
    }

    @Test
    void aWarcCutInHalfKeepsItsPagesAndWarnsWhereItEnds() throws IOException {
        byte[] whole = Files.readAllBytes(DATA.resolve("sample.warc.gz"));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        SourceManifest sources = manifest(source("sample-cut.warc.gz", half));
        IngestCheckpoint end = ingest(sources);
        IngestOutcome.requirePages(sources, end);
        List<String> warnings = IngestOutcome.warnings(sources, end);
        assertEquals(1, warnings.size(), warnings.toString());
        long offset = end.errors().get(0).offset();
        assertTrue(offset > 0 && offset < half.length, "offset " + offset);
        assertEquals(
                "sample-cut.warc.gz is cut short: the file ends inside the record at byte " + offset
                        + " (gzip member cut short); the pages before it were kept.",
                warnings.get(0));
    }

    @Test
    void theWholeSampleWarcHasNoWarnings() throws IOException {
        SourceManifest sources = manifest(source("sample.warc.gz", Files.readAllBytes(DATA.resolve("sample.warc.gz"))));
        IngestCheckpoint end = ingest(sources);
        IngestOutcome.requirePages(sources, end);
        assertEquals(List.of(), IngestOutcome.warnings(sources, end));
    }
}
