package dev.tempered.activities.curation.dedup;

import dev.tempered.activities.curation.Document;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Run by hand, never in CI: writes the sample corpus as a TSV for the datatrove peer
 * ({@code bench/curation/datatrove_minhash.py}), Tempered's clusters over it, and prints the
 * single-core signature speed.
 *
 * <pre>
 * mvn -B -q -o test -pl activities -am -Dtest=MinHashByHandReport -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtempered.dedup.report=/tmp/minhash-report
 * </pre>
 */
@EnabledIfSystemProperty(named = "tempered.dedup.report", matches = ".+")
class MinHashByHandReport {
    @Test
    void report() throws IOException {
        Path out = Path.of(System.getProperty("tempered.dedup.report"));
        Files.createDirectories(out);
        List<Document> pages = SampleCorpus.pages();
        MinHashConfig config = MinHashConfig.defaults();

        try (PrintWriter w =
                new PrintWriter(Files.newBufferedWriter(out.resolve("corpus.tsv"), StandardCharsets.UTF_8))) {
            w.print("doc\turl\ttext\n");
            for (int i = 0; i < pages.size(); i++) {
                w.print(i + "\t" + pages.get(i).url() + "\t"
                        + pages.get(i).text().replaceAll("[\t\n\r]", " ") + "\n");
            }
        }

        Path bands = Files.createTempDirectory("minhash-bands");
        ShardSigner.Result signed = ShardSigner.sign(0, pages.iterator(), bands, config);
        DuplicateClusters.Result r = MinHashDedup.run(bands, config);
        try (PrintWriter w = new PrintWriter(
                Files.newBufferedWriter(out.resolve("tempered_clusters.tsv"), StandardCharsets.UTF_8))) {
            for (long[] cluster : r.clusters()) {
                StringBuilder sb = new StringBuilder();
                for (long ref : cluster) {
                    sb.append(sb.length() == 0 ? "" : ",").append(DocRef.doc(ref));
                }
                w.print(sb + "\n");
            }
        }
        System.out.printf(
                "signed %s; %d clusters, %d dropped%n", signed, r.clusters().size(), r.droppedCount());

        // Jaccard estimate error and near-duplicate recall, the numbers behind MinHashDedupTest's bounds.
        MinHashSignature est = new MinHashSignature(config);
        double worst = 0;
        double sumAbs = 0;
        int pairs = 0;
        int eligible = 0;
        int found = 0;
        for (int i = 0; i < pages.size(); i++) {
            String x = pages.get(i).text();
            String y = NearDuplicates.replaceSentences(x, 2, i);
            long[] sx = est.compute(x);
            long[] sy = est.compute(y);
            if (sx == null || sy == null) {
                continue;
            }
            double exact = MinHashSignatureTest.jaccard(est.distinctShingles(x), est.distinctShingles(y));
            double err = Math.abs(exact - MinHashSignature.estimateJaccard(sx, sy));
            worst = Math.max(worst, err);
            sumAbs += err;
            pairs++;
            if (exact >= 0.8) {
                eligible++;
                boolean shareBand = false;
                for (int k = 0; k < config.numBuckets() && !shareBand; k++) {
                    int from = k * config.hashesPerBucket();
                    shareBand = java.util.Arrays.equals(
                            sx, from, from + config.hashesPerBucket(), sy, from, from + config.hashesPerBucket());
                }
                found += shareBand ? 1 : 0;
            }
        }
        System.out.printf(
                "near-duplicates (2 sentences replaced) of all pages: |estimate - exact| mean %.3f, worst %.3f over %d pairs; "
                        + "%d of %d pairs at exact Jaccard >= 0.8 share a band%n",
                sumAbs / pairs, worst, pairs, found, eligible);

        // Speed of MinHashSignature.compute alone on one thread, after a JIT warm-up.
        MinHashSignature m = new MinHashSignature(config);
        long[] sig = new long[config.numHashes()];
        long chars = pages.stream().mapToLong(d -> d.text().length()).sum();
        for (int round = 0; round < 3; round++) {
            for (Document d : pages) {
                m.compute(d.text(), sig);
            }
        }
        int rounds = 5;
        long t0 = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (Document d : pages) {
                m.compute(d.text(), sig);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "signature speed: %.0f docs/s, %.1f M chars/s (%d docs, mean %d chars, %d rounds in %.2f s)%n",
                rounds * pages.size() / s, rounds * chars / s / 1e6, pages.size(), chars / pages.size(), rounds, s);
    }
}
