package dev.tempered.activities.stage;

import dev.tempered.activities.chat.eval.stage.EvaluateStage;
import dev.tempered.activities.chat.synth.SynthesizeStage;
import dev.tempered.activities.curation.CurateStage;
import dev.tempered.activities.ingest.IngestStage;
import dev.tempered.activities.model.stage.PretrainStage;
import dev.tempered.activities.model.stage.SampleStage;
import dev.tempered.activities.noop.NoopStage;
import dev.tempered.activities.tokenizer.stage.TokenizeStage;
import dev.tempered.activities.tokenizer.stage.TrainTokenizerStage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stage Tempered knows, one line each, in pipeline order. The pipeline workflow (through
 * {@code planStage}), the workers, the CLI's validation and the dashboard all read this list; adding
 * a stage is a package with its definition and one line here.
 */
public final class StageRegistry {
    private static final List<StageDefinition> STAGES = List.of(
            IngestStage.DEFINITION,
            CurateStage.DEFINITION,
            TrainTokenizerStage.DEFINITION,
            TokenizeStage.DEFINITION,
            PretrainStage.DEFINITION,
            SampleStage.DEFINITION,
            SynthesizeStage.DEFINITION,
            dev.tempered.activities.chat.sft.stage.SftStage.DEFINITION,
            dev.tempered.activities.chat.probe.ProbeStage.DEFINITION,
            dev.tempered.activities.chat.label.LabelStage.DEFINITION,
            dev.tempered.activities.chat.label.LabelSnapshotStage.DEFINITION,
            dev.tempered.activities.chat.reward.stage.RewardStage.DEFINITION,
            dev.tempered.activities.chat.ppo.stage.PpoStage.DEFINITION,
            dev.tempered.activities.chat.rlvr.stage.RlvrStage.DEFINITION,
            EvaluateStage.DEFINITION,
            NoopStage.DEFINITION);

    private static final Map<String, StageDefinition> BY_NAME = new LinkedHashMap<>();

    static {
        for (StageDefinition d : STAGES) {
            if (BY_NAME.put(d.name(), d) != null)
                throw new IllegalStateException("stage '" + d.name() + "' is registered twice");
        }
    }

    private StageRegistry() {}

    /** The definition, or an error naming {@code path} and listing the stages that exist. */
    public static StageDefinition get(String stage, String path) {
        StageDefinition d = BY_NAME.get(stage);
        if (d == null) {
            throw new IllegalArgumentException(
                    path + ": unknown stage '" + stage + "'; known stages: " + String.join(", ", BY_NAME.keySet()));
        }
        return d;
    }

    public static List<StageDefinition> all() {
        return STAGES;
    }

    /**
     * The activity implementations a worker on {@code queue} registers: those of every stage that
     * may be scheduled there, built once per class (pretrain and sample share one).
     */
    public static List<Object> activityImplementations(String queue, StageServices services) {
        Map<Class<?>, Object> byClass = new LinkedHashMap<>();
        for (StageDefinition d : STAGES) {
            if (!d.queue().taskQueues().contains(queue)) continue;
            Object implementation = d.implementation().apply(services);
            byClass.putIfAbsent(implementation.getClass(), implementation);
        }
        return List.copyOf(byClass.values());
    }

    /** The workflow implementations of the stages that are child workflows, for the workflows queue. */
    public static List<Class<?>> childWorkflowImplementations() {
        List<Class<?>> out = new ArrayList<>();
        for (StageDefinition d : STAGES) {
            if (d.execution() instanceof StageExecution.ChildWorkflow c && !out.contains(c.workflowImplementation())) {
                out.add(c.workflowImplementation());
            }
        }
        return List.copyOf(out);
    }
}
