package dev.tempered.activities.chat;

import java.util.Locale;

/** Who speaks a {@link Message}. A system message may only open a conversation. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT;

    /** The lower-case name used in the JSON format ({@code "user"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code s} in the JSON format, or null when there is none. */
    public static Role fromWire(String s) {
        for (Role r : values()) if (r.wireName().equals(s)) return r;
        return null;
    }
}
