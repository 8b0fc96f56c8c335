package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fictional entity of the {@link Encyclopedia}: a person, place or product with three
 * attributes (in {@link EntityKind#attributes()} order), how many pretraining documents describe it
 * and which split its questions belong to.
 *
 * @param id stable id within its encyclopedia ({@code e000042}), part of each question's id
 * @param mentions documents about it in the pretraining text; 0 for an entity the model can never know
 * @param split {@link FactSplit} name: sft, probe or heldout
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Entity(
        String id, String name, EntityKind kind, Map<String, String> attributes, int mentions, FactSplit split) {
    public Entity {
        attributes = new LinkedHashMap<>(attributes);
        for (String a : kind.attributes()) {
            if (!attributes.containsKey(a)) throw new IllegalArgumentException(id + " has no " + a);
        }
    }

    /** The value of {@code attribute}, or an error naming the entity and the attribute. */
    public String value(String attribute) {
        String v = attributes.get(attribute);
        if (v == null) throw new IllegalArgumentException(id + " (" + name + ") has no attribute '" + attribute + "'");
        return v;
    }
}
