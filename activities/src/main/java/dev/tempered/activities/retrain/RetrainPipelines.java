package dev.tempered.activities.retrain;

import dev.tempered.activities.chat.label.LabelSnapshotParams;
import dev.tempered.activities.chat.label.LabelSnapshotStage;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a pipeline a retraining pipeline: it snapshots labels with a {@code label-snapshot}
 * stage whose {@code until} each firing sets to its watermark. Everything else of the pipeline is
 * as written, so the stages upstream of the labels keep their cache keys and come from the cache.
 */
public final class RetrainPipelines {
    static final String SNAPSHOT_STAGE = LabelSnapshotStage.DEFINITION.name();

    private RetrainPipelines() {}

    /** @throws IllegalArgumentException naming the pipeline when it has no label-snapshot stage */
    public static void check(PipelineSpec spec) {
        if (spec.stages().stream().noneMatch(s -> SNAPSHOT_STAGE.equals(s.stage()))) {
            throw new IllegalArgumentException("pipeline '" + spec.name() + "' has no " + SNAPSHOT_STAGE
                    + " stage: a retraining schedule trains on the labels acknowledged since its last retrain, which "
                    + "that stage snapshots (see examples/pipelines/retrain.yaml)");
        }
    }

    /**
     * The labeling projects the pipeline's snapshots read, whose new labels a firing counts; empty
     * when one of them reads every project.
     */
    public static List<String> projects(PipelineSpec spec) {
        java.util.Set<String> projects = new java.util.TreeSet<>();
        for (StageSpec s : spec.stages()) {
            if (!SNAPSHOT_STAGE.equals(s.stage())) continue;
            List<String> named = LabelSnapshotParams.of(s.params()).projects();
            if (named.isEmpty()) return List.of();
            projects.addAll(named);
        }
        return List.copyOf(projects);
    }

    /** The same pipeline with {@code until} of every label-snapshot stage set to {@code watermark}. */
    public static PipelineSpec withWatermark(PipelineSpec spec, Instant watermark) {
        check(spec);
        List<StageSpec> stages = new ArrayList<>();
        for (StageSpec s : spec.stages()) {
            if (SNAPSHOT_STAGE.equals(s.stage())) {
                Map<String, Object> params = new LinkedHashMap<>(s.params());
                params.put("until", watermark.toString());
                s = new StageSpec(s.stage(), params, s.inputs(), s.id());
            }
            stages.add(s);
        }
        return new PipelineSpec(spec.name(), stages);
    }
}
