package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The report cards' column names: each model digest maps to the pipeline id of the stage that made it. */
class ModelTrainersTest {
    private static StageRunRecord stage(int position, String name, String primary, List<ArtifactRef> outputs) {
        Map<String, Object> summary = new HashMap<>();
        if (primary != null) summary.put("primary_output", primary);
        return new StageRunRecord(
                UUID.randomUUID(),
                "run-1",
                position,
                name,
                1,
                "key" + position,
                Map.of(),
                StageStatus.SUCCEEDED,
                false,
                null,
                "wf",
                "trun",
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                summary,
                List.of(),
                outputs);
    }

    @Test
    void digestsMapToSpecIdsOrStageNamesAndTheEarliestMakerWins() {
        Map<String, Object> spec = Map.of(
                "name",
                "demo",
                "stages",
                List.of(
                        Map.of("stage", "sft"),
                        Map.of("stage", "sft", "id", "sft-idk"),
                        Map.of("stage", "ppo"),
                        Map.of("stage", "rlvr")));
        PipelineRunRecord run = new PipelineRunRecord(
                "run-1",
                "demo",
                StageStatus.SUCCEEDED,
                spec,
                "trun",
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                List.of(
                        stage(0, "sft", "s1", List.of()),
                        stage(1, "sft", "s2", List.of()),
                        // PPO stopped at its start: the kept model is the SFT model, which sft-idk made.
                        stage(2, "ppo", "s2", List.of(new ArtifactRef("state", "p-state", "ppo-state", 10))),
                        stage(3, "rlvr", "r1", List.of(new ArtifactRef("checkpoint", "r0", "checkpoint", 10)))));
        Map<String, String> madeBy = ModelTrainers.byDigest(run);
        assertEquals("sft", madeBy.get("s1"));
        assertEquals("sft-idk", madeBy.get("s2"), "the earlier stage made it; PPO only kept it");
        assertEquals("ppo", madeBy.get("p-state"));
        assertEquals("rlvr", madeBy.get("r1"));
        assertEquals("rlvr", madeBy.get("r0"));
        assertEquals(5, madeBy.size());
    }
}
