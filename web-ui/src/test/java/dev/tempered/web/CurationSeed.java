package dev.tempered.web;

import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A finished {@code curate} stage run as the curate stage leaves it: a summary with a funnel and
 * {@code pii_redactions}, and {@code excluded_<step>} outputs of gzip JSON lines
 * {@code {id, url, step, reason, rule, excerpt}}, one per shard, each written as two gzip members
 * the way per-chunk parts are concatenated. The records are written here with the same field names
 * as the activities' ExclusionWriter because web-ui must not depend on the activities module.
 */
final class CurationSeed {
    /** Steps in pipeline order; c4_quality drops nothing, so it and fineweb_quality see the same count. */
    static final List<String> STEPS = List.of(
            "url_filter",
            "extract",
            "language",
            "gopher_repetition",
            "gopher_quality",
            "c4_quality",
            "fineweb_quality",
            "minhash_dedup",
            "pii");

    static final long DOCS_IN = 10_000;
    static final long DOCS_OUT = 4_856;
    /** gopher_quality drops for this reason have 12 records in shard 0 and 13 in shard 1. */
    static final String MANY_STEP = "gopher_quality";

    static final String MANY_REASON = "gopher_short_doc";
    static final int MANY = 25;
    static final String XSS_STEP = "fineweb_quality";
    static final String XSS_REASON = "line_punct_ratio";

    final String runId;
    final UUID stageRunId;
    /** Ids of the gopher_short_doc records, in the order the artifacts hold them. */
    final List<String> manyIds = new ArrayList<>();

    private CurationSeed(String runId, UUID stageRunId) {
        this.runId = runId;
        this.stageRunId = stageRunId;
    }

    static CurationSeed create(Seed seed, String hostileExcerpt) throws IOException {
        String runId = Seed.runId("curated");
        seed.lineage.beginPipelineRun(runId, "fineweb-mini", Map.of(), null);
        String raw = seed.textArtifact("raw-pages", "application/x-ndjson+gzip", "pages", Map.of("pages", DOCS_IN));
        UUID stage = seed.start(
                runId,
                0,
                "curate",
                1,
                Seed.freshKey(),
                Map.of("languages", List.of("en")),
                List.of(new NamedDigest("pages", raw)));
        CurationSeed c = new CurationSeed(runId, stage);
        String tag = UUID.randomUUID().toString().substring(0, 8);

        List<List<Map<String, Object>>> shards = List.of(new ArrayList<>(), new ArrayList<>());
        List<NamedDigest> outputs = new ArrayList<>();
        outputs.add(new NamedDigest(
                "manifest", seed.textArtifact("text-manifest", "application/json", "manifest", Map.of())));

        // url_filter: the blocklist rule is recorded; one record per shard for the rarer reason.
        for (int i = 0; i < 3; i++) {
            shards.get(0)
                    .add(record(
                            tag + "-u" + i,
                            "https://casino-" + i + ".example/win",
                            "url_filter",
                            "blocklist:domain",
                            "domain:casino-" + i + ".example",
                            ""));
        }
        shards.get(1)
                .add(record(
                        tag + "-u3",
                        "http://cheap.example/pills",
                        "url_filter",
                        "blocklist:banned_word",
                        "word:pills",
                        ""));
        outputs.addAll(store(seed, "url_filter", shards));

        shards = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < MANY; i++) {
            String id = tag + "-g" + i;
            c.manyIds.add(id);
            shards.get(i < 12 ? 0 : 1)
                    .add(record(
                            id,
                            "https://blog.example/p/" + i,
                            MANY_STEP,
                            MANY_REASON,
                            null,
                            "Short page number " + i + ".\nRead more."));
            // Other reasons between the wanted ones, so matching has something to skip.
            if (i % 5 == 0) {
                shards.get(i < 12 ? 0 : 1)
                        .add(record(
                                tag + "-s" + i,
                                "https://forum.example/t/" + i,
                                MANY_STEP,
                                "gopher_enough_stop_words",
                                null,
                                "login register forgot password"));
            }
        }
        outputs.addAll(store(seed, MANY_STEP, shards));

        shards = List.of(new ArrayList<>(), new ArrayList<>());
        shards.get(0)
                .add(record(
                        tag + "-x0", "javascript:document.title='pwned'", XSS_STEP, XSS_REASON, null, hostileExcerpt));
        shards.get(1)
                .add(record(
                        tag + "-x1",
                        "https://news.example/a?q=\"><script>alert(1)</script>",
                        XSS_STEP,
                        "short_line_ratio",
                        null,
                        "a\nb\nc"));
        outputs.addAll(store(seed, XSS_STEP, shards));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("docs", DOCS_OUT);
        summary.put("text_bytes", 21_804_113L);
        summary.put("shards", 2);
        summary.put("duplicates", 803);
        summary.put("pii_redactions", Map.of("email", 1_204, "phone", 377, "ip", 41));
        summary.put("funnel", funnel());
        summary.put(FunnelView.ORDER_KEY, STEPS);
        seed.lineage.completeStageRun(stage, outputs, summary);
        seed.lineage.finishPipelineRun(runId, StageStatus.SUCCEEDED, null);
        return c;
    }

    /** A consistent funnel: each step's documents in are the previous step's documents out. */
    static Map<String, Object> funnel() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(
                "url_filter",
                step(
                        10_000,
                        9_553,
                        612_300_000L,
                        585_100_000L,
                        Map.of("blocklist:domain", 412, "blocklist:banned_word", 35)));
        f.put(
                "extract",
                step(9_553, 9_240, 585_100_000L, 41_800_000L, Map.of("extract:empty", 301, "extract:binary", 12)));
        f.put("language", step(9_240, 7_227, 41_800_000L, 33_100_000L, Map.of("language:low_score", 2_013)));
        f.put(
                "gopher_repetition",
                step(7_227, 6_995, 33_100_000L, 31_200_000L, Map.of("dup_line_frac", 180, "top_2_gram", 52)));
        f.put(
                "gopher_quality",
                step(
                        6_995,
                        6_144,
                        31_200_000L,
                        28_400_000L,
                        Map.of(MANY_REASON, 640, "gopher_enough_stop_words", 211)));
        f.put("c4_quality", step(6_144, 6_144, 28_400_000L, 27_900_000L, Map.of()));
        f.put(
                "fineweb_quality",
                step(6_144, 5_659, 27_900_000L, 25_600_000L, Map.of(XSS_REASON, 388, "short_line_ratio", 97)));
        f.put("minhash_dedup", step(5_659, 4_856, 25_600_000L, 21_830_000L, Map.of("minhash_duplicate", 803)));
        f.put("pii", step(4_856, 4_856, 21_830_000L, 21_804_113L, Map.of()));
        return f;
    }

    private static Map<String, Object> step(
            long docsIn, long docsOut, long bytesIn, long bytesOut, Map<String, Integer> drops) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("docs_in", docsIn);
        m.put("docs_out", docsOut);
        m.put("bytes_in", bytesIn);
        m.put("bytes_out", bytesOut);
        m.put("drops", drops);
        return m;
    }

    private static Map<String, Object> record(
            String id, String url, String step, String reason, String rule, String excerpt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("url", url);
        m.put("step", step);
        m.put("reason", reason);
        m.put("rule", rule);
        m.put("excerpt", excerpt);
        return m;
    }

    private static List<NamedDigest> store(Seed seed, String step, List<List<Map<String, Object>>> shards)
            throws IOException {
        List<NamedDigest> out = new ArrayList<>();
        for (List<Map<String, Object>> records : shards) {
            byte[] bytes = gzipJsonLines(records);
            out.add(new NamedDigest(
                    "excluded_" + step,
                    seed.artifact("curation-exclusions", "application/x-ndjson+gzip", bytes, Map.of("step", step))));
        }
        return out;
    }

    /** Two gzip members back to back, the first with the first half of the records. */
    static byte[] gzipJsonLines(List<Map<String, Object>> records) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int half = records.size() / 2;
        for (List<Map<String, Object>> part :
                List.of(records.subList(0, half), records.subList(half, records.size()))) {
            try (GZIPOutputStream gz = new GZIPOutputStream(all) {
                @Override
                public void close() throws IOException {
                    finish();
                }
            }) {
                for (Map<String, Object> r : part) {
                    gz.write(dev.tempered.storage.Json.writeBytes(r));
                    gz.write('\n');
                }
            }
        }
        return all.toByteArray();
    }
}
