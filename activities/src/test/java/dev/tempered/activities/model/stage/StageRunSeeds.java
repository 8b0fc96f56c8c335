package dev.tempered.activities.model.stage;

import dev.tempered.storage.Digests;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.testing.StorageFixture;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stage runs seeded straight into lineage for the training-stage tests: a run as the pipeline
 * workflow would start it, and an earlier attempt of the same work (same cache key) that linked
 * checkpoints before it ended unfinished, which a rerun resumes from.
 */
public final class StageRunSeeds {
    private StageRunSeeds() {}

    /** A running stage run of {@code stage} in a new pipeline run with its own cache key; its id. */
    public static String start(String stage) {
        String runId = stage + "-stage-" + UUID.randomUUID();
        return start(stage, runId, Digests.sha256Hex(runId.getBytes()));
    }

    /** A running stage run of {@code stage} in pipeline run {@code runId} with {@code cacheKey}; its id. */
    public static String start(String stage, String runId, String cacheKey) {
        LineageStore lineage = StorageFixture.get().lineage();
        lineage.beginPipelineRun(runId, "test", Map.of(), null);
        return lineage.startStageRun(new StageRunStart(runId, 0, stage, 1, cacheKey, Map.of(), List.of(), null, null))
                .toString();
    }

    /**
     * An attempt of {@code stage} in pipeline run {@code runId} with {@code cacheKey} that linked the
     * checkpoints {@code outputs} (name → digest, as a training run links them while it trains);
     * the caller ends it (cancelled, failed or lost).
     */
    public static UUID unfinishedWith(String stage, String runId, String cacheKey, Map<String, String> outputs) {
        UUID id = UUID.fromString(start(stage, runId, cacheKey));
        StorageFixture.get()
                .lineage()
                .addStageOutputs(
                        id,
                        outputs.entrySet().stream()
                                .map(e -> new NamedDigest(e.getKey(), e.getValue()))
                                .toList());
        return id;
    }
}
