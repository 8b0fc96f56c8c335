package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.app.cli.ClosingHint.StageOutputs;
import dev.tempered.storage.ArtifactRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo ends with commands that can be pasted as printed: real digests, no placeholders. */
class ClosingHintTest {
    private static final String BASE = "99d26828aa11" + "0".repeat(52);
    private static final String CHAT = "2c0d808679b5" + "1".repeat(52);

    private static ArtifactRef ref(String name, String digest) {
        return new ArtifactRef(name, digest, "checkpoint", 10);
    }

    @Test
    void theHintNamesTheRunsOwnModels() {
        List<StageOutputs> stages = List.of(
                new StageOutputs("tokenize", List.of(new ArtifactRef("manifest", "a".repeat(64), "token-manifest", 1))),
                new StageOutputs(
                        "pretrain", List.of(ref("checkpoint", BASE), ref("checkpoint_step_100", "b".repeat(64)))),
                new StageOutputs("sft", List.of(ref("checkpoint", CHAT))),
                new StageOutputs("evaluate", List.of(new ArtifactRef("report", "c".repeat(64), "report-card", 1))));
        assertEquals(
                List.of(
                        "details:  tempered show demo-1",
                        "lineage:  tempered lineage 2c0d808679b5",
                        "chat:     tempered chat --model 2c0d808679b5",
                        "sample:   tempered sample --model 99d26828aa11 --prompt \"The \""),
                ClosingHint.lines("demo-1", stages));
    }

    @Test
    void aRunWithoutModelsPointsAtItsLastOutputAndOneWithNoneOnlyAtItsDetails() {
        List<StageOutputs> ingestOnly =
                List.of(new StageOutputs("ingest", List.of(new ArtifactRef("manifest", "d".repeat(64), "m", 1))));
        assertEquals(
                List.of("details:  tempered show r", "lineage:  tempered lineage " + "d".repeat(12)),
                ClosingHint.lines("r", ingestOnly));
        assertEquals(
                List.of("details:  tempered show r"),
                ClosingHint.lines("r", List.of(new StageOutputs("ingest", List.of()))));
    }
}
