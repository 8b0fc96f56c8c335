package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground truth of the fact task (artifact kind {@code fact-encyclopedia}, JSON): every
 * fictional entity with its attributes, how often the pretraining text mentions it and its split.
 * {@code synthesize} writes it next to the documents and questions made from it; {@code evaluate}
 * and {@code probe} read it to judge answers and to tell facts the model could know from those it
 * never saw.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Encyclopedia(String format, long seed, EncyclopediaSettings settings, List<Entity> entities) {
    public static final String FORMAT = "tempered.fact-encyclopedia/v1";
    public static final String KIND = "fact-encyclopedia";
    public static final String MEDIA_TYPE = "application/json";

    public Encyclopedia {
        entities = List.copyOf(entities);
    }

    /** An index of the entities by id, for many lookups. */
    public Map<String, Entity> index() {
        Map<String, Entity> m = new HashMap<>();
        for (Entity e : entities) m.put(e.id(), e);
        return Map.copyOf(m);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("an encyclopedia always serialises", e);
        }
    }

    /** Reads one, refusing another format with a sentence naming {@code what}. */
    public static Encyclopedia read(byte[] json, String what) {
        Encyclopedia e;
        try {
            e = Json.MAPPER.readValue(json, Encyclopedia.class);
        } catch (IOException ex) {
            throw new IllegalArgumentException(what + " is not a fact encyclopedia (JSON): " + ex.getMessage(), ex);
        }
        if (!FORMAT.equals(e.format())) {
            throw new IllegalArgumentException(
                    what + " has format " + e.format() + ", not " + FORMAT + "; pass synthesize's facts output");
        }
        return e;
    }
}
