package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an answer to a fact question is judged. */
public enum Verdict {
    /** States the reference value. */
    CORRECT,
    /** States something else, or nothing: a hallucination when the model could not know. */
    WRONG,
    /** Says it does not know, without stating the reference value. */
    REFUSED;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
