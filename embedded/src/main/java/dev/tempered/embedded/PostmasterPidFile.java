package dev.tempered.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The first lines of PostgreSQL's {@code postmaster.pid} lock file: the postmaster's PID, the data
 * directory it serves and the second it started (see {@code miscadmin.h}, LOCK_FILE_LINE_*). The
 * rest (port, socket directory, shared memory key, status) is not needed to tell a stale lock from
 * a live one.
 *
 * @param pid       the postmaster's process id
 * @param dataDir   the data directory as the postmaster saw it (absolute)
 * @param startedAt when the postmaster started, to the second
 */
record PostmasterPidFile(long pid, Path dataDir, Instant startedAt) {
    static final String NAME = "postmaster.pid";

    /** Empty when the file is absent or its first three lines are not a PID, a path and a time. */
    static Optional<PostmasterPidFile> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) return Optional.empty();
        List<String> lines = Files.readAllLines(file);
        if (lines.size() < 3) return Optional.empty();
        try {
            return Optional.of(new PostmasterPidFile(
                    Long.parseLong(lines.get(0).trim()),
                    Path.of(lines.get(1).trim()),
                    Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim()))));
        } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }
}
