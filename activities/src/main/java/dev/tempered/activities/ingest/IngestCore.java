package dev.tempered.activities.ingest;

import dev.tempered.activities.ingest.IngestCheckpoint.IngestError;
import dev.tempered.activities.ingest.IngestCheckpoint.ShardRef;
import dev.tempered.activities.ingest.SourceManifest.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ingest loop, free of Temporal and storage: sources in, shards out through callbacks.
 * Deterministic, so a run resumed from a checkpoint produces the same shards as one that was
 * never interrupted. Malformed input is counted and reported, never fatal.
 */
public final class IngestCore {
    /** Errors kept in detail; beyond this only the counts by reason grow. */
    static final int MAX_ERRORS = 100;

    private static final int PROGRESS_EVERY_RECORDS = 200;

    /** Opens a source's bytes. */
    @FunctionalInterface
    public interface SourceOpener {
        InputStream open(Entry entry) throws IOException;
    }

    /** Publishes a finished shard file and returns its digest. */
    @FunctionalInterface
    public interface ShardPublisher {
        String publish(Path shard, int pages, long bytes) throws IOException;
    }

    /** Hears about checkpoints (after each shard) and progress (every few hundred records). */
    public interface Listener {
        void onCheckpoint(IngestCheckpoint checkpoint);

        void onProgress(IngestProgress progress);
    }

    private final SourceManifest sources;
    private final IngestParams params;
    private final Path workDir;
    private final SourceOpener opener;
    private final ShardPublisher publisher;
    private final Listener listener;

    // Running state; a checkpoint is a snapshot of it at a shard boundary.
    private final List<ShardRef> shards = new ArrayList<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Long> malformed = new TreeMap<>();
    private final List<IngestError> errors = new ArrayList<>();
    private long pages;
    private long bodyBytes;
    private long recordsRead;
    private RawPageShardWriter writer;
    private long shardBodyBytes;
    private IngestCheckpoint lastCheckpoint;

    public IngestCore(
            SourceManifest sources,
            IngestParams params,
            Path workDir,
            SourceOpener opener,
            ShardPublisher publisher,
            Listener listener) {
        this.sources = sources;
        this.params = params;
        this.workDir = workDir;
        this.opener = opener;
        this.publisher = publisher;
        this.listener = listener;
    }

    /** Runs from {@code resume} (use {@link IngestCheckpoint#start()} for a fresh run) to the end. */
    public IngestCheckpoint run(IngestCheckpoint resume) throws IOException {
        shards.addAll(resume.shards());
        skipped.putAll(resume.skipped());
        malformed.putAll(resume.malformed());
        errors.addAll(resume.errors());
        pages = resume.pages();
        bodyBytes = resume.bodyBytes();
        lastCheckpoint = resume;
        List<Entry> entries = sources.entries();
        for (int s = resume.sourceIndex(); s < entries.size(); s++) {
            long skip = s == resume.sourceIndex() ? resume.recordsDone() : 0;
            readSource(s, entries.get(s), skip);
        }
        if (writer != null && writer.pages() > 0) closeShard(entries.size(), 0);
        return snapshot(entries.size(), 0);
    }

    private void readSource(int index, Entry entry, long skip) throws IOException {
        try (InputStream in = opener.open(entry)) {
            if (entry.kind() == SourceManifest.SourceKind.html) {
                if (skip > 0) return;
                handle(
                        HtmlFilePageReader.read(entry.path(), entry.digest(), readBounded(in), params.maxPageBytes()),
                        index,
                        entry,
                        1);
                return;
            }
            try (WarcPageReader reader =
                    new WarcPageReader(in, entry.digest(), params.maxPageBytes(), params.contentTypes())) {
                long consumed = 0;
                IngestItem item;
                while ((item = reader.next()) != null) {
                    consumed++;
                    if (consumed <= skip) continue;
                    handle(item, index, entry, consumed);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private byte[] readBounded(InputStream in) throws IOException {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, params.maxPageBytes() + 1));
    }

    private void handle(IngestItem item, int sourceIndex, Entry entry, long consumed) throws IOException {
        recordsRead++;
        if (item instanceof IngestItem.Page p) {
            if (writer == null) {
                writer = new RawPageShardWriter(Files.createTempFile(workDir, "shard-", ".jsonl.gz"));
                shardBodyBytes = 0;
            }
            writer.append(p.page());
            shardBodyBytes += p.page().body().length;
            if (writer.uncompressedBytes() >= params.shardMaxBytes()) closeShard(sourceIndex, consumed);
        } else if (item instanceof IngestItem.Skipped s) {
            skipped.merge(s.reason(), 1L, Long::sum);
        } else if (item instanceof IngestItem.Malformed m) {
            malformed.merge(m.reason(), 1L, Long::sum);
            if (errors.size() < MAX_ERRORS)
                errors.add(new IngestError(entry.path(), m.offset(), m.reason(), m.message()));
        }
        if (recordsRead % PROGRESS_EVERY_RECORDS == 0) {
            listener.onProgress(new IngestProgress(
                    lastCheckpoint,
                    recordsRead,
                    pages + (writer == null ? 0 : writer.pages()),
                    sourceIndex,
                    sources.entries().size(),
                    entry.path()));
        }
    }

    private void closeShard(int sourceIndex, long consumed) throws IOException {
        writer.close();
        Path file = writer.file();
        int shardPages = writer.pages();
        String digest = publisher.publish(file, shardPages, Files.size(file));
        shards.add(new ShardRef(digest, shardPages, Files.size(file)));
        pages += shardPages;
        bodyBytes += shardBodyBytes;
        Files.deleteIfExists(file);
        writer = null;
        lastCheckpoint = snapshot(sourceIndex, consumed);
        listener.onCheckpoint(lastCheckpoint);
    }

    private IngestCheckpoint snapshot(int sourceIndex, long consumed) {
        return new IngestCheckpoint(sourceIndex, consumed, shards, pages, bodyBytes, skipped, malformed, errors);
    }
}
