package dev.tempered.activities.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.ingest.SourceManifest.Entry;
import dev.tempered.activities.ingest.SourceManifest.SourceKind;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest loop on the real sample corpus, with in-memory sources and shards. */
class IngestCoreTest {
    static final Path DATA = Path.of("..", "examples", "data");
    static final Path WARC = DATA.resolve("sample.warc.gz");
    private static final IngestParams PARAMS =
            new IngestParams(2L << 20, 10L << 20, java.util.Set.of("text/html", "application/xhtml+xml", "text/plain"));

    @TempDir
    Path work;

    /** Sources and published shards held in memory by digest. */
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    private final List<IngestCheckpoint> checkpoints = new ArrayList<>();

    private Entry source(String path, SourceKind kind, byte[] bytes) {
        String digest = Digests.sha256Hex(bytes);
        blobs.put(digest, bytes);
        return new Entry(path, kind, digest, bytes.length);
    }

    private IngestCheckpoint ingest(List<Entry> entries, IngestCheckpoint from) throws IOException {
        IngestCore core = new IngestCore(
                new SourceManifest(SourceManifest.FORMAT, entries, List.of()),
                PARAMS,
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

    private List<JsonNode> lines(String shardDigest) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(blobs.get(shardDigest))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    @Test
    void sampleWarcGivesEveryHtmlResponseAndCountsTheRest() throws IOException {
        IngestCheckpoint end = ingest(
                List.of(source("sample.warc.gz", SourceKind.warc, Files.readAllBytes(WARC))), IngestCheckpoint.start());
        // The corpus README: 899 HTTP 200 text/html responses, 899 requests, 1 warcinfo, 1 metadata, 1 resource.
        assertEquals(899, end.pages());
        assertEquals(
                Map.of(
                        "warc-type:metadata",
                        1L,
                        "warc-type:request",
                        899L,
                        "warc-type:resource",
                        1L,
                        "warc-type:warcinfo",
                        1L),
                end.skipped());
        assertTrue(end.malformed().isEmpty());
        assertTrue(
                end.shards().size() >= 10,
                "2 MiB shards over ~40 MiB of JSON: " + end.shards().size());
        assertEquals(
                899,
                end.shards().stream().mapToInt(IngestCheckpoint.ShardRef::pages).sum());

        JsonNode first = lines(end.shards().get(0).digest()).get(0);
        assertTrue(
                first.get("url").asText().startsWith("http://127.0.0.1:"),
                first.get("url").asText());
        assertEquals("text/html", first.get("content_type").asText());
        assertEquals(200, first.get("http_status").asInt());
        String html =
                new String(Base64.getDecoder().decode(first.get("body_b64").asText()), StandardCharsets.UTF_8);
        assertTrue(html.toLowerCase().contains("<html"), "body is the captured HTML");
        assertTrue(first.get("fetch_time").asText().startsWith("20"), "WARC-Date carried as fetch time");
    }

    @Test
    void resumingFromAnyCheckpointGivesTheSameShardsAsAnUninterruptedRun() throws IOException {
        List<Entry> entries = List.of(
                source("sample.warc.gz", SourceKind.warc, Files.readAllBytes(WARC)),
                source("html/udhr-hin.html", SourceKind.html, Files.readAllBytes(DATA.resolve("html/udhr-hin.html"))));
        IngestCheckpoint full = ingest(entries, IngestCheckpoint.start());
        IngestCheckpoint middle = checkpoints.get(checkpoints.size() / 2);
        assertTrue(middle.shards().size() > 0
                && middle.shards().size() < full.shards().size());
        checkpoints.clear();
        IngestCheckpoint resumed = ingest(entries, middle);
        assertEquals(full, resumed);
        assertEquals(
                Json.write(IngestManifest.of(new SourceManifest(SourceManifest.FORMAT, entries, List.of()), full)),
                Json.write(IngestManifest.of(new SourceManifest(SourceManifest.FORMAT, entries, List.of()), resumed)));
    }

    @Test
    void truncatedWarcKeepsThePagesBeforeTheCutAndNamesTheOffset() throws IOException {
        byte[] whole = Files.readAllBytes(WARC);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 6 / 10);
        IngestCheckpoint end = ingest(List.of(source("cut.warc.gz", SourceKind.warc, cut)), IngestCheckpoint.start());
        assertTrue(end.pages() > 300 && end.pages() < 899, "pages before the cut: " + end.pages());
        assertEquals(Map.of("truncated", 1L), end.malformed());
        IngestCheckpoint.IngestError error = end.errors().get(0);
        assertEquals("cut.warc.gz", error.path());
        assertTrue(error.offset() > 0 && error.offset() < cut.length, "offset " + error.offset());
    }

    @Test
    void nonWarcFileIsReportedAtOffsetZeroAndOtherSourcesAreKept() throws IOException {
        Entry notWarc = source("README.md", SourceKind.warc, Files.readAllBytes(DATA.resolve("README.md")));
        Entry page = source(
                "html/python-library-re.html",
                SourceKind.html,
                Files.readAllBytes(DATA.resolve("html/python-library-re.html")));
        IngestCheckpoint end = ingest(List.of(notWarc, page), IngestCheckpoint.start());
        assertEquals(1, end.pages());
        assertEquals(Map.of("not-warc", 1L), end.malformed());
        assertEquals("README.md", end.errors().get(0).path());
        assertEquals(0, end.errors().get(0).offset());
    }

    @Test
    void gzipOfGarbageIsMalformedNotFatal() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write("this is not a WARC record at all\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        }
        IngestCheckpoint end =
                ingest(List.of(source("junk.warc.gz", SourceKind.warc, bytes.toByteArray())), IngestCheckpoint.start());
        assertEquals(0, end.pages());
        assertEquals(
                1L, end.malformed().values().stream().mapToLong(Long::longValue).sum());
        assertNotEquals(null, end.errors().get(0).message());
    }

    @Test
    void looseHtmlFilesCarryTheirMetaCharsetAndAFileUrl() throws IOException {
        Entry gb = source(
                "html/mail-gb2312-00397.html",
                SourceKind.html,
                Files.readAllBytes(DATA.resolve("html/mail-gb2312-00397.html")));
        Entry empty = source("html/empty.html", SourceKind.html, new byte[0]);
        IngestCheckpoint end = ingest(List.of(gb, empty), IngestCheckpoint.start());
        assertEquals(1, end.pages());
        assertEquals(Map.of("empty-body", 1L), end.skipped());
        JsonNode page = lines(end.shards().get(0).digest()).get(0);
        assertEquals("file:html/mail-gb2312-00397.html", page.get("url").asText());
        assertEquals("gb2312", page.get("declared_charset").asText());
        assertTrue(page.get("fetch_time").isNull(), "a file has no fetch time");
    }
}
