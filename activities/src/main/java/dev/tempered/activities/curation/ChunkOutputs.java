package dev.tempered.activities.curation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files one chunk of {@code curateShard} writes in its work directory: the kept documents,
 * one exclusion file per step that dropped something, and the kept documents' MinHash signatures.
 * {@link #close()} closes every one of them even when some fail, so that a failing disk never
 * leaves the others open across the activity's retries.
 */
final class ChunkOutputs implements AutoCloseable {
    /** Opens a work file for writing; tests substitute streams that fail. */
    @FunctionalInterface
    interface FileOpener {
        OutputStream open(Path file) throws IOException;
    }

    static final FileOpener FILES = Files::newOutputStream;

    private final Path work;
    private final int chunk;
    private final FileOpener opener;
    private final TextShardWriter kept;
    private final Deduplication.SignatureSink signatures;
    private final Map<String, ExclusionWriter> exclusions = new LinkedHashMap<>();

    /** @param dedup null when deduplication is off: no signatures are written */
    ChunkOutputs(Path work, int chunk, int shardIndex, Deduplication dedup, FileOpener opener) throws IOException {
        this.work = work;
        this.chunk = chunk;
        this.opener = opener;
        this.kept = new TextShardWriter(keptFile(), opener.open(keptFile()));
        try {
            this.signatures = dedup == null ? null : dedup.newSink(signatureFile(), shardIndex);
        } catch (IOException | RuntimeException e) {
            closeAll(List.of(kept), e);
            throw e;
        }
    }

    Path keptFile() {
        return work.resolve("kept-" + chunk + ".jsonl.gz");
    }

    Path signatureFile() {
        return work.resolve("sig-" + chunk);
    }

    TextShardWriter kept() {
        return kept;
    }

    /** The signature sink, or null when deduplication is off. */
    Deduplication.SignatureSink signatures() {
        return signatures;
    }

    /** The exclusion writer of {@code step}, opened on its first drop. */
    ExclusionWriter exclusions(String step) throws IOException {
        ExclusionWriter w = exclusions.get(step);
        if (w == null) {
            Path file = work.resolve("excl-" + step + "-" + chunk + ".jsonl.gz");
            w = new ExclusionWriter(file, opener.open(file));
            exclusions.put(step, w);
        }
        return w;
    }

    /** Step → exclusion writer, in the order the steps first dropped something. */
    Map<String, ExclusionWriter> exclusionWriters() {
        return Collections.unmodifiableMap(exclusions);
    }

    @Override
    public void close() throws IOException {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(kept);
        all.addAll(exclusions.values());
        if (signatures != null) all.add(signatures);
        closeAll(all, null);
    }

    /**
     * Closes every one of {@code resources}; throws the first failure (or adds them all to
     * {@code pending}, when the caller is already failing) with the later ones suppressed.
     */
    static void closeAll(List<? extends AutoCloseable> resources, Throwable pending) throws IOException {
        Throwable first = pending;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception | Error e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first == null || first == pending) return;
        if (first instanceof IOException io) throw io;
        if (first instanceof RuntimeException re) throw re;
        if (first instanceof Error err) throw err;
        throw new IOException(first);
    }
}
