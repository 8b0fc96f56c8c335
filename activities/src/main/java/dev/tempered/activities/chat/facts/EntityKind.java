package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** The kinds of fictional entity, each with the three attributes its documents state and its questions ask. */
public enum EntityKind {
    PERSON(List.of("birthplace", "birth_year", "profession")),
    PLACE(List.of("country", "founded", "river")),
    PRODUCT(List.of("maker", "released", "colour"));

    private final List<String> attributes;

    EntityKind(List<String> attributes) {
        this.attributes = attributes;
    }

    public List<String> attributes() {
        return attributes;
    }

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How an attribute reads in a sentence ("birth year"), for refusals and pages. */
    public static String phrase(String attribute) {
        return switch (attribute) {
            case "birth_year" -> "birth year";
            case "founded" -> "founding year";
            case "released" -> "release year";
            default -> attribute;
        };
    }
}
