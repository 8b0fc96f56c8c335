package dev.tempered.storage.registry;

import java.time.Instant;

/**
 * One move of an alias, as the history keeps it.
 *
 * @param fromVersion where the alias pointed before; null when it was unset
 * @param action {@code register} (candidate set by a registration), {@code promote} or {@code rollback}
 * @param promotionId the promotion that moved it; null for registrations and rollbacks
 */
public record AliasMove(
        long id,
        String model,
        String alias,
        Integer fromVersion,
        int toVersion,
        String action,
        String actor,
        String comment,
        String promotionId,
        Instant at) {}
