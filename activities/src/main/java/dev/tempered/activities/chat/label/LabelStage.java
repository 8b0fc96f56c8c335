package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.workflows.LabelWorkflow;
import dev.tempered.workflows.LabelWorkflowImpl;

/**
 * Stage {@code label}: human labeling. Generates K responses per prompt with a chat model, assigns
 * each task to {@code overlap} labelers, waits durably (hours or days) for the quorum or the
 * deadline while labelers rank the responses and write ideal answers in the web UI (or simulated
 * labelers do, through the same API), then snapshots the labels from PostgreSQL: preferences (every
 * pair implied by each ranking), demonstrations (the ideal answers, as conversations) and a
 * labeling report (agreement, gold accuracy, flags). A child workflow on the model queue of its device.
 */
public final class LabelStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("label", 2)
            .description("Generate K responses per prompt with a chat model, have labelers rank them and write ideal "
                    + "answers in the web UI (or simulated labelers through the same API), and snapshot preferences, "
                    + "demonstrations and a labeling report with agreement statistics.")
            .params(LabelParams.class)
            .input(InputSpec.required(
                    "model", PretrainActivitiesImpl.CHECKPOINT_KIND, "The chat checkpoint that answers."))
            .input(InputSpec.required(
                    "tokenizer", TokenizerArtifacts.KIND, "The tokenizer the checkpoint was trained with."))
            .input(InputSpec.required(
                    "prompts",
                    ConversationFile.KIND,
                    "Conversations whose prompts (all but the last reply) are labeled."))
            .output(PreferenceFile.KIND)
            .queue(QueueKind.MODEL)
            .childWorkflow(
                    LabelWorkflow.class,
                    LabelWorkflowImpl.class,
                    services -> new LabelActivitiesImpl(services.publisher()))
            .build();

    private LabelStage() {}
}
