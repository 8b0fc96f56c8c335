package dev.tempered.activities.curation.dedup;

import dev.tempered.activities.curation.Deduplication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link Deduplication} with MinHash: shards store {@link SignaturePart}s per chunk; the global
 * step writes every shard's band files and clusters them with {@link MinHashDedup}, keeping the
 * document with the smallest (shard, index) of each cluster.
 */
public final class MinHashDeduplication implements Deduplication {
    private final MinHashConfig config;

    public MinHashDeduplication(MinHashConfig config) {
        this.config = config;
    }

    @Override
    public SignatureSink newSink(Path file, int shardIndex) throws IOException {
        SignaturePart.Writer writer = new SignaturePart.Writer(Files.newOutputStream(file), config);
        return new SignatureSink() {
            @Override
            public void add(int docIndex, String text) throws IOException {
                writer.add(docIndex, text);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    @Override
    public Outcome findDuplicates(List<ShardSignatures> shards, PartOpener opener, Path workDir) throws IOException {
        Path bands = workDir.resolve("bands");
        for (ShardSignatures shard : shards) {
            BandFile.Writer[] writers = new BandFile.Writer[config.numBuckets()];
            boolean complete = false;
            try {
                for (int k = 0; k < writers.length; k++) {
                    writers[k] = new BandFile.Writer(
                            BandFile.path(bands, k, shard.shardIndex()), config, k, shard.shardIndex());
                }
                for (String part : shard.partDigests()) {
                    try (InputStream in = opener.open(part)) {
                        SignaturePart.read(in, part, config, (doc, sig) -> {
                            for (int k = 0; k < writers.length; k++)
                                writers[k].write(doc, sig, k * config.hashesPerBucket());
                        });
                    }
                }
                for (BandFile.Writer w : writers) w.close();
                complete = true;
            } finally {
                if (!complete) {
                    for (BandFile.Writer w : writers) if (w != null) w.abort();
                }
            }
        }
        if (shards.isEmpty()) return new Outcome(Map.of(), 0, 0);
        DuplicateClusters.Result result = MinHashDedup.run(bands, config);
        Map<Integer, SortedSet<Integer>> drops = new TreeMap<>();
        result.dropsByShard().forEach((shard, docs) -> {
            SortedSet<Integer> set = new TreeSet<>();
            for (int d : docs) set.add(d);
            drops.put(shard, set);
        });
        return new Outcome(drops, result.droppedCount(), result.clusters().size());
    }
}
