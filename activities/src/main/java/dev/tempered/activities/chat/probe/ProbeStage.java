package dev.tempered.activities.chat.probe;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.workflows.ProbeWorkflow;
import dev.tempered.workflows.ProbeWorkflowImpl;

/**
 * Stage {@code probe}: finds out what a chat model does not know by asking it fact questions with
 * known answers several times, and mines "I don't know" examples (and, for what it knows, the
 * right answers) for a second round of SFT. A child workflow with one activity per batch on the
 * model queue of its device.
 */
public final class ProbeStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("probe", 2)
            .description("Ask a chat model fact questions k times, judge each answer (correct, wrong, refused), class "
                    + "each question known, unknown or unstable, and mine refusals for the unknown ones and answers "
                    + "for the known ones as conversations for SFT.")
            .params(ProbeParams.class)
            .input(InputSpec.required("model", PretrainActivitiesImpl.CHECKPOINT_KIND, "The chat checkpoint to probe."))
            .input(InputSpec.required(
                    "tokenizer", TokenizerArtifacts.KIND, "The tokenizer the checkpoint was trained with."))
            .input(InputSpec.required(
                    "questions", ConversationFile.KIND, "Fact questions with reference answers (synthesize's probe)."))
            .input(InputSpec.required(
                    "facts", Encyclopedia.KIND, "The encyclopedia the questions come from (synthesize's facts)."))
            .output(ConversationFile.KIND)
            .queue(QueueKind.MODEL)
            .childWorkflow(
                    ProbeWorkflow.class,
                    ProbeWorkflowImpl.class,
                    services -> new ProbeActivitiesImpl(services.publisher()))
            .build();

    private ProbeStage() {}
}
