package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an entity's questions go. The split is by entity, never by question, so that no question
 * about a held-out entity is trained on or probed, in any phrasing.
 */
public enum FactSplit {
    /**
     * Its questions, with their right answers, are ordinary SFT conversations (what a labeler would
     * write, whether or not the model could know the fact); {@code probe} asks them again after SFT,
     * and what the model still gets wrong becomes "I don't know" in the next round.
     */
    TRAIN,
    /** Its questions are only ever asked by {@code evaluate}. */
    HELDOUT;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
