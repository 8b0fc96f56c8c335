package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFormatException;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.EncyclopediaGenerator;
import dev.tempered.activities.chat.facts.EncyclopediaSettings;
import dev.tempered.activities.chat.facts.Entity;
import dev.tempered.activities.chat.facts.FactDocuments;
import dev.tempered.activities.chat.facts.FactDocuments.FactDocument;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactSplit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fact task's part of {@code synthesize}: the encyclopedia for the seed, its documents (for
 * pretraining) and its questions by split (the training split's go to {@code train} and, alone, to
 * {@code probe}, which asks them again after SFT; held-out ones to {@code heldout}), each question
 * validated like every other generated conversation.
 */
record FactSynthesis(
        Encyclopedia encyclopedia, List<FactDocument> documents, List<Conversation> train, List<Conversation> heldout) {

    static FactSynthesis of(EncyclopediaSettings settings, long seed, ConversationValidator validator) {
        Encyclopedia e = EncyclopediaGenerator.generate(settings, seed);
        FactSynthesis s = new FactSynthesis(
                e, FactDocuments.of(e), FactQuestions.of(e, FactSplit.TRAIN), FactQuestions.of(e, FactSplit.HELDOUT));
        for (List<Conversation> split : List.of(s.train(), s.heldout())) {
            for (Conversation c : split) {
                try {
                    validator.validate(c);
                } catch (ConversationFormatException ex) {
                    throw new IllegalStateException(
                            "the fact task generated an invalid conversation " + c.id() + " at seed " + seed + ": "
                                    + ex.getMessage() + "; this is a bug in its generator",
                            ex);
                }
            }
        }
        return s;
    }

    /** For the stage summary: entities by split and by whether any document mentions them, documents, questions. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Entity> all = encyclopedia.entities();
        m.put("version", EncyclopediaGenerator.VERSION);
        m.put("entities", all.size());
        m.put("never_mentioned", all.stream().filter(x -> x.mentions() == 0).count());
        m.put("mentioned_once", all.stream().filter(x -> x.mentions() == 1).count());
        m.put("mentioned_4_or_more", all.stream().filter(x -> x.mentions() >= 4).count());
        m.put("documents", documents.size());
        m.put("train_questions", train.size());
        m.put("heldout_questions", heldout.size());
        return m;
    }
}
