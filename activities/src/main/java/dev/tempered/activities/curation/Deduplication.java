package dev.tempered.activities.curation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Near-duplicate removal across the whole dataset in two phases, so that the per-shard phase can
 * run on many workers: each shard writes signatures of its kept documents; one global step reads
 * them all and says which documents to drop, keeping exactly one per cluster.
 */
public interface Deduplication {

    /** Collects one chunk's signatures; {@code docIndex} is the document's index in its shard's kept output. */
    interface SignatureSink extends AutoCloseable {
        void add(int docIndex, String text) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Opens one signature part of a shard for reading. */
    @FunctionalInterface
    interface PartOpener {
        InputStream open(String partDigest) throws IOException;
    }

    /** A shard's signature parts, in chunk order. */
    record ShardSignatures(int shardIndex, List<String> partDigests) {}

    /** @param drops shard index → kept-document indices to drop */
    record Outcome(Map<Integer, SortedSet<Integer>> drops, long duplicates, long clusters) {}

    SignatureSink newSink(Path file, int shardIndex) throws IOException;

    Outcome findDuplicates(List<ShardSignatures> shards, PartOpener opener, Path workDir) throws IOException;
}
