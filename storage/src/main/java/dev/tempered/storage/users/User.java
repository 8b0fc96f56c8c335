package dev.tempered.storage.users;

import java.time.Instant;
import java.util.UUID;

/** An account as stored, without its password hash. */
public record User(UUID id, String name, Role role, boolean disabled, Instant createdAt) {}
