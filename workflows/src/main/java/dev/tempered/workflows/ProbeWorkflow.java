package dev.tempered.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Stage {@code probe} as a child workflow: {@code planProbe} checks the questions and counts the
 * batches, one {@code probeBatch} activity per batch of questions asks the model and judges its
 * answers (each batch's result is stored, so a killed worker costs one batch, not the probe), then
 * {@code finishProbe} classifies the questions and writes the results and the mined conversations.
 */
@WorkflowInterface
public interface ProbeWorkflow {
    @WorkflowMethod
    StageResult probe(StageRequest request);
}
