package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.facts.EncyclopediaSettings;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.DialogTask;
import dev.tempered.activities.chat.tasks.IdentityTask;
import dev.tempered.activities.chat.tasks.SpellingTask;
import dev.tempered.activities.stage.Param;
import java.util.List;

/**
 * Parameters of stage {@code synthesize} (see {@link SynthesizeStage}). The default counts are sized
 * for the demo: a few thousand short tool-use conversations (the skills SFT has to teach), a few
 * hundred identity ones and every dialog of the corpus once (about 900).
 */
public record SynthesizeParams(
        @Param(doc = "Arithmetic word problems to generate (both splits together).", min = 0, max = 10_000_000)
        int arithmetic,

        @Param(doc = "Letter-counting conversations to generate (both splits together).", min = 0, max = 10_000_000)
        int spelling,

        @Param(doc = "Identity conversations to generate (both splits together).", min = 0, max = 1_000_000)
        int identity,

        @Param(
                doc = "Human dialogs to take from the chatterbot corpus; 0 takes every one once.",
                min = 0,
                max = 1_000_000)
        int dialogs,

        @Param(
                doc = "Share of items held out for evaluate, by a stable hash of the question (never by position).",
                min = 0,
                max = 0.5)
        double heldoutFraction,

        @Param(doc = "Generator seed: the same seed and counts give the same bytes.", min = 0)
        long seed,

        @Param(
                doc = "Fictional entities of the fact task (people, places, products; three facts each); 0 leaves "
                        + "the task out. Their prose goes to pretraining (output facts_text), their questions to the "
                        + "train and held-out splits by entity; the training split's are also the probe output.",
                min = 0,
                max = 1_000_000)
        int facts,

        @Param(doc = "Share of the fact entities no document mentions: facts no model can know.", min = 0, max = 0.9)
        double factUnseenFraction,

        @Param(
                doc = "Documents about the most-mentioned entity; the entity of rank r gets max(1, round(this / "
                        + "r^fact_zipf_exponent)), so few appear often and most once.",
                min = 1,
                max = 100_000)
        int factMaxMentions,

        @Param(doc = "Exponent of the Zipf law of mentions (1 is Zipf's).", min = 0.1, max = 4)
        double factZipfExponent,

        @Param(doc = "Share of the fact entities whose questions only evaluate asks.", min = 0, max = 0.5)
        double factHeldoutFraction,

        @Param(
                doc = "Tasks to generate.",
                choices = {ArithmeticTask.NAME, SpellingTask.NAME, IdentityTask.NAME, DialogTask.NAME})
        List<String> tasks) {

    public static final SynthesizeParams DEFAULTS = new SynthesizeParams(
            3000,
            3000,
            300,
            0,
            0.1,
            1,
            0,
            EncyclopediaSettings.DEFAULTS.unseenFraction(),
            EncyclopediaSettings.DEFAULTS.maxMentions(),
            EncyclopediaSettings.DEFAULTS.zipfExponent(),
            EncyclopediaSettings.DEFAULTS.heldoutFraction(),
            List.of(ArithmeticTask.NAME, SpellingTask.NAME, IdentityTask.NAME, DialogTask.NAME));

    /** The fact encyclopedia's shape; only meaningful when {@link #facts} is above 0. */
    public EncyclopediaSettings encyclopedia() {
        return new EncyclopediaSettings(
                facts, factUnseenFraction, factMaxMentions, factZipfExponent, factHeldoutFraction);
    }

    /** The count asked for {@code task}. */
    public int count(String task) {
        return switch (task) {
            case ArithmeticTask.NAME -> arithmetic;
            case SpellingTask.NAME -> spelling;
            case IdentityTask.NAME -> identity;
            case DialogTask.NAME -> dialogs;
            default -> throw new IllegalArgumentException("no count parameter for task '" + task + "'");
        };
    }
}
