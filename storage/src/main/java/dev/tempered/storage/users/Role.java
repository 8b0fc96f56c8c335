package dev.tempered.storage.users;

import java.util.Locale;

/** What an account may do; each role may do everything the ones before it may. */
public enum Role {
    /** Labels the tasks assigned to them, sees nothing of other labelers' work. */
    LABELER,
    /** Also sees disagreements and agreement statistics, and resolves disagreements. */
    REVIEWER,
    /** Also manages projects and users and uses the dashboard's state-changing actions. */
    ADMIN;

    /** Whether this role includes {@code other}'s rights. */
    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        for (Role r : values()) if (r.wireName().equals(s)) return r;
        throw new IllegalArgumentException("unknown role '" + s + "'; roles are labeler, reviewer, admin");
    }
}
