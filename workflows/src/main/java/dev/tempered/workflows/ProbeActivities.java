package dev.tempered.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The activities of {@link ProbeWorkflow}, on the model queue of the stage's device. */
@ActivityInterface
public interface ProbeActivities {
    /** How many questions will be asked, in how many batches. */
    record ProbePlan(int questions, int batches) {}

    /** Batch {@code batch} (0-based) of the stage's questions. */
    record BatchRequest(StageRequest request, int batch) {}

    /** The stored results of every batch, in batch order. */
    record FinishRequest(StageRequest request, List<String> batches) {}

    /** Checks the inputs and params (a bad question fails here, before the model is asked anything). */
    ProbePlan planProbe(StageRequest request);

    /** Asks and judges one batch; returns the digest of its stored answers. */
    String probeBatch(BatchRequest request);

    /** Classifies every question and writes the probe results and the mined conversations. */
    StageResult finishProbe(FinishRequest request);
}
