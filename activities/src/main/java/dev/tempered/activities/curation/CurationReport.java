package dev.tempered.activities.curation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of a curate run: reads every shard's records page by page, sums the funnel, writes the
 * {@link CurationStats} and {@link TextManifest} artifacts and builds the stage result.
 *
 * <p>The stage result lists every artifact written (text shards, exclusions) while that stays a
 * small payload, up to {@link #MAX_LISTED_OUTPUTS}; beyond it, the list goes into one
 * {@code curation-outputs} artifact, listed as output {@code outputs}, and the result names the
 * manifest, the stats and that list only.
 */
final class CurationReport {
    /** About 100 bytes each: 1,000 outputs keep the result near 100 KB, under Temporal's 256 KB warning. */
    static final int MAX_LISTED_OUTPUTS = 1_000;

    static final String OUTPUTS_FORMAT = "tempered.curation-outputs/v1";

    /** Every output of a run too large to list them in its stage result. */
    record OutputList(String format, List<OutputRef> outputs) {}

    /** The stage's summary on the dashboard. */
    record Summary(
            long docs,
            @JsonProperty("text_bytes") long textBytes,
            int shards,
            long duplicates,
            @JsonProperty("pii_redactions") Map<String, Long> piiRedactions,
            Map<String, Object> funnel,
            // The summary is stored as jsonb, which does not keep key order: the dashboard draws the
            // funnel in this order instead of knowing curation's steps itself.
            @JsonProperty("funnel_steps") List<String> funnelSteps) {}

    private final ArtifactPublisher publisher;
    private final ShardPages pages;

    CurationReport(ArtifactPublisher publisher) {
        this.publisher = publisher;
        this.pages = new ShardPages(publisher);
    }

    /**
     * @param stepNames the funnel's steps in pipeline order, whatever order the shards met them in
     */
    StageResult write(
            String rawManifest,
            List<String> stepNames,
            String filteredPages,
            String finalPages,
            long duplicates,
            long clusters)
            throws IOException {
        Funnel funnel = new Funnel();
        for (String step : stepNames) funnel.step(step);
        List<OutputRef> exclusions = new ArrayList<>();
        for (String digest : pages.all(filteredPages, CurationActivitiesImpl.FILTERED)) {
            FilteredShard s = Json.MAPPER.readValue(publisher.store().readAllBytes(digest), FilteredShard.class);
            funnel.add(Funnel.fromMap(s.funnel()));
            new TreeMap<>(s.exclusions()).forEach((step, d) -> exclusions.add(new OutputRef("excluded_" + step, d)));
        }
        Map<String, Long> redactions = new TreeMap<>();
        List<TextManifest.Shard> shards = new ArrayList<>();
        long docs = 0;
        long bytes = 0;
        for (String digest : pages.all(finalPages, CurationActivitiesImpl.FINAL)) {
            FinalShard f = Json.MAPPER.readValue(publisher.store().readAllBytes(digest), FinalShard.class);
            funnel.add(Funnel.fromMap(f.funnel()));
            f.piiRedactions().forEach((k, v) -> redactions.merge(k, v, Long::sum));
            shards.add(new TextManifest.Shard(f.textShardDigest(), f.docs(), f.textBytes()));
            docs += f.docs();
            bytes += f.textBytes();
            if (f.dedupExclusions() != null) {
                exclusions.add(new OutputRef("excluded_" + CurationActivitiesImpl.DEDUP_STEP, f.dedupExclusions()));
            }
        }
        CurationOutcome.requireDocs(funnel, rawManifest, docs);
        CurationStats stats =
                new CurationStats(CurationStats.FORMAT, funnel.toMap(), redactions, duplicates, clusters, docs, bytes);
        ArtifactRecord statsArtifact =
                publisher.publish(Json.writeBytes(stats), CurationStats.KIND, "application/json", Map.of("docs", docs));
        TextManifest manifest = new TextManifest(
                TextManifest.FORMAT, TextShardWriter.FORMAT, rawManifest, shards, docs, bytes, statsArtifact.digest());
        ArtifactRecord manifestArtifact = publisher.publish(
                Json.writeBytes(manifest),
                TextManifest.KIND,
                "application/json",
                Map.of("docs", docs, "shards", shards.size()));

        List<OutputRef> outputs = new ArrayList<>();
        outputs.add(new OutputRef("manifest", manifestArtifact.digest()));
        outputs.add(new OutputRef("stats", statsArtifact.digest()));
        List<OutputRef> perShard = new ArrayList<>();
        for (TextManifest.Shard s : shards) perShard.add(new OutputRef("shard", s.digest()));
        perShard.addAll(exclusions);
        if (outputs.size() + perShard.size() <= MAX_LISTED_OUTPUTS) {
            outputs.addAll(perShard);
        } else {
            ArtifactRecord list = publisher.publish(
                    Json.writeBytes(new OutputList(OUTPUTS_FORMAT, perShard)),
                    "curation-outputs",
                    "application/json",
                    Map.of("outputs", perShard.size()));
            outputs.add(new OutputRef("outputs", list.digest()));
        }
        Summary summary = new Summary(
                docs,
                bytes,
                shards.size(),
                duplicates,
                redactions,
                funnel.toMap(),
                List.copyOf(funnel.steps().keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> summaryMap = Json.MAPPER.convertValue(summary, Map.class);
        return new StageResult(manifestArtifact.digest(), outputs, summaryMap);
    }
}
