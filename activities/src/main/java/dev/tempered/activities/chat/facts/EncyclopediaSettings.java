package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The shape of a generated {@link Encyclopedia}.
 *
 * @param entities fictional entities in all (a third each person, place, product)
 * @param unseenFraction share of entities no document mentions: facts no model trained on the text can know
 * @param maxMentions documents about the most-mentioned entity; the entity of mention rank r gets
 *     {@code max(1, round(maxMentions / r^zipfExponent))}, so a few appear often and most once
 * @param zipfExponent the exponent of that Zipf law (1 is Zipf's own)
 * @param heldoutFraction share of entities whose questions only {@code evaluate} asks; the rest are
 *     the training split's (SFT trains on them, {@code probe} asks them)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EncyclopediaSettings(
        int entities, double unseenFraction, int maxMentions, double zipfExponent, double heldoutFraction) {
    public EncyclopediaSettings {
        if (entities < 0) throw new IllegalArgumentException("entities must be ≥ 0, is " + entities);
        if (unseenFraction < 0 || unseenFraction >= 1)
            throw new IllegalArgumentException("unseen fraction must be in [0, 1), is " + unseenFraction);
        if (maxMentions < 1) throw new IllegalArgumentException("max mentions must be ≥ 1, is " + maxMentions);
        if (zipfExponent <= 0) throw new IllegalArgumentException("Zipf exponent must be > 0, is " + zipfExponent);
        if (heldoutFraction < 0 || heldoutFraction >= 1)
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), is " + heldoutFraction);
    }

    /** The showcase's: 600 entities, a quarter never mentioned, Zipf from 200 documents down to one. */
    public static final EncyclopediaSettings DEFAULTS = new EncyclopediaSettings(600, 0.25, 200, 1.0, 0.2);
}
