package dev.tempered.activities.chat.eval.stage;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenManifest;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import java.time.Duration;

/** Stage {@code evaluate}: any checkpoint, base or chat → its report card, on a model worker. */
public final class EvaluateStage {
    // Version 2: task scores gain commonest_answer_rate. Version 3: the facts section.
    public static final StageDefinition DEFINITION = StageDefinition.builder("evaluate", 4)
            .description("Score a checkpoint on held-out conversations task by task (exact-match accuracy with and "
                    + "without the calculator, pass@k, format compliance, reply length) and on held-out text "
                    + "(validation loss, bits per byte), into a report card.")
            .params(EvaluateParams.class)
            .input(InputSpec.required(
                    "model", PretrainActivitiesImpl.CHECKPOINT_KIND, "The checkpoint to evaluate, base or chat."))
            .input(InputSpec.required(
                    "tokenizer", TokenizerArtifacts.KIND, "The tokenizer the checkpoint was trained with."))
            .input(InputSpec.required(
                    "heldout",
                    ConversationFile.KIND,
                    "Held-out conversations (synthesize's heldout output); each item's last reply is the ideal one."))
            .input(InputSpec.optional(
                    "tokens",
                    TokenManifest.KIND,
                    "The token manifest pretrain trained on: its held-out tail gives validation loss and bits per "
                            + "byte. Without it the card has none."))
            .input(InputSpec.optional(
                    "facts",
                    Encyclopedia.KIND,
                    "The fact encyclopedia (synthesize's facts output): with it, held-out fact questions are judged "
                            + "correct, wrong or refused and the card gains hallucination rate, known-fact accuracy "
                            + "and over-refusal."))
            .output(dev.tempered.activities.chat.eval.ReportCard.KIND)
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // A few hundred items per task of up to 96 tokens: minutes for the demo model, hours for large
                    // ones.
                    Duration.ofHours(6),
                    // Evaluation heartbeats after every batch of replies and of loss windows.
                    Duration.ofSeconds(120),
                    // Greedy evaluation is deterministic: a retry only helps against a lost worker.
                    3))
            .activity(
                    EvaluateActivities.class,
                    "evaluateModel",
                    services -> new EvaluateActivitiesImpl(services.publisher()))
            .build();

    private EvaluateStage() {}
}
