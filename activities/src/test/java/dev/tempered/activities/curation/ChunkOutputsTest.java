package dev.tempered.activities.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk's writers are all closed when some fail to close (a full disk fails the gzip trailer):
 * the first failure is thrown with the others suppressed, and no file is left open.
 */
class ChunkOutputsTest {
    @TempDir
    Path work;

    /** Work files whose streams record being closed; those named in {@code failing} fail on close. */
    static final class RecordingFiles implements ChunkOutputs.FileOpener {
        final Map<String, Boolean> closed = new HashMap<>();
        final Set<String> failing;

        RecordingFiles(Set<String> failing) {
            this.failing = failing;
        }

        @Override
        public OutputStream open(Path file) throws IOException {
            String name = file.getFileName().toString();
            closed.put(name, false);
            return new FilterOutputStream(Files.newOutputStream(file)) {
                @Override
                public void close() throws IOException {
                    // Closing twice is a no-op, as for a file's own stream.
                    if (closed.get(name)) return;
                    super.close();
                    closed.put(name, true);
                    if (failing.contains(name)) throw new IOException("no space left writing " + name);
                }
            };
        }
    }

    private static Document page(String id, String text) {
        return new Document(id, "https://example.org/" + id, text, Map.of());
    }

    @Test
    void everyWriterIsClosedWhenTwoFailAndTheFirstFailureIsThrown() throws Exception {
        RecordingFiles files = new RecordingFiles(Set.of("excl-language-0.jsonl.gz", "excl-gopher_quality-0.jsonl.gz"));
        ChunkOutputs chunk = new ChunkOutputs(work, 0, 0, null, files);
        chunk.kept().write(page("kept", "The committee met on Tuesday and approved the budget for the coming year."));
        chunk.exclusions("language").write("language", "language:fr", page("fr", "Le comité s'est réuni mardi."));
        chunk.exclusions("gopher_quality").write("gopher_quality", "gopher_short_doc", page("short", "Too short."));
        chunk.exclusions("c4_quality").write("c4_quality", "curly_bracket", page("code", "if (x) { return y; }"));

        IOException thrown = assertThrows(IOException.class, chunk::close);
        assertEquals("no space left writing excl-language-0.jsonl.gz", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("no space left writing excl-gopher_quality-0.jsonl.gz", thrown.getSuppressed()[0].getMessage());
        assertEquals(
                Map.of(
                        "kept-0.jsonl.gz",
                        true,
                        "excl-language-0.jsonl.gz",
                        true,
                        "excl-gopher_quality-0.jsonl.gz",
                        true,
                        "excl-c4_quality-0.jsonl.gz",
                        true),
                files.closed);
    }

    @Test
    void aWriterWhoseTrailerCannotBeWrittenStillClosesItsFile() throws Exception {
        List<String> closed = new ArrayList<>();
        Path file = work.resolve("text.jsonl.gz");
        boolean[] full = {false};
        OutputStream disk = new FilterOutputStream(Files.newOutputStream(file)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (full[0]) throw new IOException("no space left on device");
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                closed.add("text");
            }
        };
        TextShardWriter writer = new TextShardWriter(file, disk);
        writer.write(page("a", "A sentence long enough to be kept in the shard's compressed buffer."));
        full[0] = true;
        IOException thrown = assertThrows(IOException.class, writer::close);
        assertEquals("no space left on device", thrown.getMessage());
        assertEquals(List.of("text"), closed);
    }

    @Test
    void aSignatureSinkThatFailsToCloseDoesNotHideAnEarlierFailure() throws Exception {
        IOException earlier = new IOException("the chunk failed first");
        IOException sink = new IOException("signature file could not be closed");
        AutoCloseable failingSink = () -> {
            throw sink;
        };
        boolean[] otherClosed = {false};
        ChunkOutputs.closeAll(List.of(failingSink, () -> otherClosed[0] = true), earlier);
        assertTrue(otherClosed[0]);
        assertSame(sink, earlier.getSuppressed()[0]);
    }
}
