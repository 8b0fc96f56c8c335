package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.DialogTask;
import dev.tempered.activities.chat.tasks.IdentityTask;
import dev.tempered.activities.chat.tasks.SpellingTask;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import java.time.Duration;

/**
 * Stage {@code synthesize}: conversations for SFT ({@code train}, the primary output) and for
 * {@code evaluate} ({@code heldout}), from the chat tasks. It reads no input.
 */
public final class SynthesizeStage {
    /** Bump when the stage's output changes for a reason other than a task's generator (the file layout, the split). */
    // Version 2: the fact task (EncyclopediaGenerator.VERSION 1) and its outputs probe, facts and
    // facts_text. Version 3: fact answers without the entity's name. The fact task's version is
    // packed here, since the packed task versions fill an int: bump this when its encyclopedia,
    // documents or questions change.
    static final int STAGE_VERSION = 3;

    /**
     * The version in the cache key. A cache key holds the stage version and the params, so each task's
     * generator version is packed into the stage version, two decimal digits each after the stage's
     * own: stage 1 with tasks at version 1 is {@code 1_01_01_01_01}. Bumping any task's version gives
     * a new cache key, so conversations from an older generator are never reused.
     */
    public static final int VERSION = packVersion(
            STAGE_VERSION, ArithmeticTask.VERSION, SpellingTask.VERSION, IdentityTask.VERSION, DialogTask.VERSION);

    public static final StageDefinition DEFINITION = StageDefinition.builder("synthesize", VERSION)
            .description("Arithmetic and letter-counting conversations with calculator calls, identity conversations "
                    + "and real human dialogs, split into train and held-out by a stable hash of each question; "
                    + "optionally a fictional encyclopedia: its prose for pretraining (facts_text), its questions "
                    + "split by entity into train, probe and held-out, and the ground truth (facts).")
            .params(SynthesizeParams.class)
            .output(dev.tempered.activities.chat.ConversationFile.KIND)
            .queue(QueueKind.CPU)
            .timeouts(new StageTimeouts(
                    // The demo's 7,000 conversations take seconds; a million would take minutes.
                    Duration.ofMinutes(30),
                    // Generation heartbeats every few hundred items.
                    Duration.ofSeconds(60),
                    // Generation is deterministic; a retry only helps with storage hiccups.
                    3))
            .activity(
                    SynthesizeActivities.class,
                    "synthesizeConversations",
                    services -> new SynthesizeActivitiesImpl(services.publisher()))
            .build();

    private SynthesizeStage() {}

    static int packVersion(int stage, int... tasks) {
        if (stage < 1 || stage > 20)
            throw new IllegalStateException("synthesize's own version must be 1..20, is " + stage);
        long v = stage;
        for (int t : tasks) {
            if (t < 1 || t > 99) throw new IllegalStateException("a task version must be 1..99 to pack, is " + t);
            v = v * 100 + t;
        }
        if (v > Integer.MAX_VALUE) throw new IllegalStateException("packed version " + v + " does not fit an int");
        return (int) v;
    }
}
