package dev.tempered.app.cli;

import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which stage of a run made each artifact, by the id the pipeline gave the stage ({@code sft-idk},
 * {@code ppo}, {@code rlvr}): the report cards name their columns by it, since the checkpoints of
 * SFT, PPO and RLVR are all of kind {@code chat}.
 */
final class ModelTrainers {
    private ModelTrainers() {}

    /** Artifact digest → the id of the stage of {@code run} that output it (an earlier stage wins). */
    static Map<String, String> byDigest(PipelineRunRecord run) {
        List<?> specs = run.spec() != null && run.spec().get("stages") instanceof List<?> l ? l : List.of();
        Map<String, String> madeBy = new HashMap<>();
        for (StageRunRecord stage : run.stages()) {
            String id = stageId(specs, stage);
            Object primary = stage.summary() == null ? null : stage.summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT);
            if (primary != null) madeBy.putIfAbsent(primary.toString(), id);
            if (stage.outputs() != null) {
                for (ArtifactRef out : stage.outputs()) madeBy.putIfAbsent(out.digest(), id);
            }
        }
        return madeBy;
    }

    /** The stage's id in the submitted spec, or its stage name when the spec gives none. */
    private static String stageId(List<?> specs, StageRunRecord stage) {
        int i = stage.position();
        if (i >= 0 && i < specs.size() && specs.get(i) instanceof Map<?, ?> spec && spec.get("id") != null) {
            return spec.get("id").toString();
        }
        return stage.stage();
    }
}
