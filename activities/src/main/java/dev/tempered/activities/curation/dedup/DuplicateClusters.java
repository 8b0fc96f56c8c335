package dev.tempered.activities.curation.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Step 3 of MinHash dedup: joins duplicate pairs into clusters with union-find and decides what
 * to drop.
 *
 * <p>The keep rule: in each cluster the document with the smallest (shard index, doc index) is
 * kept and every other member is dropped. It depends only on the set of pairs, never on the order
 * they arrive in, so shuffling shards or rerunning gives the same kept set; and it keeps the
 * earliest copy in corpus order. (datatrove keeps the union-find root, which depends on union
 * order and cluster sizes; clusters agree, the kept member may differ.)
 *
 * <p>Memory: two longs per pair plus a few words per document that has a duplicate; documents
 * without one cost nothing. Not thread-safe.
 */
public final class DuplicateClusters implements BucketPairs.PairSink {
    private long[] firsts = new long[1024];
    private long[] seconds = new long[1024];
    private int pairs;

    @Override
    public void pair(long first, long second) {
        if (pairs == firsts.length) {
            if (pairs > Integer.MAX_VALUE / 2 - 8) {
                throw new IllegalStateException("more than 2^30 duplicate pairs; lower the dedup run size");
            }
            firsts = Arrays.copyOf(firsts, pairs * 2);
            seconds = Arrays.copyOf(seconds, pairs * 2);
        }
        firsts[pairs] = first;
        seconds[pairs] = second;
        pairs++;
    }

    public int pairCount() {
        return pairs;
    }

    /**
     * The clusters (each member list sorted, clusters sorted by their smallest member) and, per
     * shard, the sorted doc indices to drop. Shards without drops are absent from the map.
     */
    public record Result(List<long[]> clusters, SortedMap<Integer, int[]> dropsByShard) {
        public int droppedCount() {
            int n = 0;
            for (int[] d : dropsByShard.values()) {
                n += d.length;
            }
            return n;
        }
    }

    public Result resolve() {
        long[] ids = new long[pairs * 2];
        System.arraycopy(firsts, 0, ids, 0, pairs);
        System.arraycopy(seconds, 0, ids, pairs, pairs);
        Arrays.sort(ids);
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (n == 0 || ids[i] != ids[n - 1]) {
                ids[n++] = ids[i];
            }
        }
        // Dense index = rank of the ref, so "smaller index" is "smaller ref" and linking the
        // larger root under the smaller one makes every root its cluster's smallest ref.
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int p = 0; p < pairs; p++) {
            int x = find(parent, Arrays.binarySearch(ids, 0, n, firsts[p]));
            int y = find(parent, Arrays.binarySearch(ids, 0, n, seconds[p]));
            if (x < y) {
                parent[y] = x;
            } else if (y < x) {
                parent[x] = y;
            }
        }
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            size[find(parent, i)]++;
        }
        List<long[]> clusters = new ArrayList<>();
        long[][] byRoot = new long[n][];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            int root = parent[i];
            if (byRoot[root] == null) {
                byRoot[root] = new long[size[root]];
                clusters.add(byRoot[root]);
            }
            byRoot[root][fill[root]++] = ids[i];
        }
        TreeMap<Integer, List<Integer>> drops = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (parent[i] != i) {
                drops.computeIfAbsent(DocRef.shard(ids[i]), s -> new ArrayList<>())
                        .add(DocRef.doc(ids[i]));
            }
        }
        TreeMap<Integer, int[]> dropsByShard = new TreeMap<>();
        drops.forEach((shard, docs) -> dropsByShard.put(
                shard, docs.stream().mapToInt(Integer::intValue).toArray()));
        return new Result(Collections.unmodifiableList(clusters), Collections.unmodifiableSortedMap(dropsByShard));
    }

    private static int find(int[] parent, int x) {
        int root = x;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[x] != root) {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }
}
