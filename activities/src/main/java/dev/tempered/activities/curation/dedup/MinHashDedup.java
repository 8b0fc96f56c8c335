package dev.tempered.activities.curation.dedup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Steps 2 and 3 of MinHash dedup over a band directory that every shard's {@link ShardSigner}
 * wrote into: finds the duplicate pairs bucket by bucket and resolves them into per-shard drop
 * lists.
 *
 * <pre>{@code
 * // per shard, in parallel (one curation activity each):
 * ShardSigner.sign(shardIndex, documents.iterator(), bandDir, config);
 * // once, over the whole dataset:
 * DuplicateClusters.Result r = MinHashDedup.run(bandDir, config);
 * int[] drop = r.dropsByShard().getOrDefault(shardIndex, new int[0]);
 * }</pre>
 *
 * <p>Checks that every bucket holds the same set of shards, so a shard whose signature step died
 * half-way is reported instead of silently deduplicated on some buckets only.
 */
public final class MinHashDedup {
    private MinHashDedup() {}

    public static DuplicateClusters.Result run(Path bandDir, MinHashConfig config) throws IOException {
        DuplicateClusters clusters = new DuplicateClusters();
        Set<String> firstShards = null;
        for (int bucket = 0; bucket < config.numBuckets(); bucket++) {
            Path dir = BandFile.path(bandDir, bucket, 0).getParent();
            List<Path> files = bandFiles(dir);
            Set<String> shards = new TreeSet<>();
            files.forEach(f -> shards.add(f.getFileName().toString()));
            if (firstShards == null) {
                firstShards = shards;
            } else if (!shards.equals(firstShards)) {
                Set<String> missing = new TreeSet<>(firstShards);
                missing.removeAll(shards);
                Set<String> extra = new TreeSet<>(shards);
                extra.removeAll(firstShards);
                throw new IOException(dir + ": shard files differ from bucket_000 (missing " + missing + ", extra "
                        + extra + "); rerun the minhash signature step for those shards");
            }
            BucketPairs.find(bucket, files, config, clusters);
        }
        return clusters.resolve();
    }

    private static List<Path> bandFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    dir + ": bucket directory missing; was the signature step run with the same numBuckets?");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mhb"))
                    .sorted()
                    .toList();
        }
    }
}
