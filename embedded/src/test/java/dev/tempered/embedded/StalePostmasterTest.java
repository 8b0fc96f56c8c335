package dev.tempered.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code postmaster.pid} left by a killed process names a PID that may since belong to anything.
 * Each test writes such a lock file naming a live process that is not this data directory's
 * postmaster; that process must survive and the embedded server must start all the same.
 */
class StalePostmasterTest {
    private static final String PASSWORD = "5f0c9d2e7a1b3c4d5e6f708192a3b4c5";

    @TempDir
    Path tmp;

    @Test
    void anUnrelatedProcessThatReusedThePidSurvivesAndTheServerStarts() throws Exception {
        Path dataDir = tmp.resolve("pg");
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            writeStaleLock(dataDir, sleeper.pid(), Instant.now().minus(1, ChronoUnit.HOURS));
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, PASSWORD)) {
                assertEquals(1, selectOne(server));
            }
            assertTrue(sleeper.isAlive(), "the process named by the stale lock file was signalled");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    /**
     * The worst impostor short of the real postmaster: an executable called {@code postgres}, running
     * in the data directory itself, but started after the postmaster that wrote the lock file.
     */
    @Test
    void aProcessCalledPostgresInTheDataDirectoryStartedAfterTheLockSurvives() throws Exception {
        Path dataDir = tmp.resolve("pg");
        Files.createDirectories(dataDir);
        Path impostor = Files.createDirectories(tmp.resolve("bin")).resolve("postgres");
        Files.copy(Path.of(sleepExecutable()), impostor);
        impostor.toFile().setExecutable(true);
        Process sleeper = new ProcessBuilder(impostor.toString(), "600")
                .directory(dataDir.toFile())
                .start();
        try {
            writeStaleLock(dataDir, sleeper.pid(), Instant.now().minus(1, ChronoUnit.HOURS));
            StalePostmaster.clear(dataDir);
            assertTrue(sleeper.isAlive(), "a postgres-named process that started after the lock was signalled");
            assertFalse(Files.exists(dataDir.resolve(PostmasterPidFile.NAME)), "the stale lock file is still there");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    /**
     * Two data directories on one machine: A's stale lock names the PID that B's live postmaster now
     * has. Starting A must leave B serving, and B's own lock must be recognised as B's.
     */
    @Test
    void thePostmasterOfAnotherDataDirectorySurvives() throws Exception {
        Path dirA = tmp.resolve("a");
        Path dirB = tmp.resolve("b");
        try (EmbeddedPostgresServer b = EmbeddedPostgresServer.start(dirB, 0, PASSWORD)) {
            PostmasterPidFile lockB = PostmasterPidFile.read(dirB).orElseThrow();
            ProcessHandle postmasterB = ProcessHandle.of(lockB.pid()).orElseThrow();
            assertTrue(
                    StalePostmaster.isPostmasterOf(postmasterB, dirB, lockB),
                    "B's postmaster is not recognised as B's");
            Files.createDirectories(dirA);
            assertFalse(StalePostmaster.isPostmasterOf(postmasterB, dirA, lockB), "B's postmaster is taken for A's");

            writeStaleLock(dirA, lockB.pid(), lockB.startedAt());
            try (EmbeddedPostgresServer a = EmbeddedPostgresServer.start(dirA, 0, PASSWORD)) {
                assertEquals(1, selectOne(a));
            }
            assertTrue(postmasterB.isAlive(), "B's postmaster was signalled while starting A");
            assertEquals(1, selectOne(b));
        }
    }

    /** The layout PostgreSQL writes: pid, data directory, start time (epoch seconds), port, then more. */
    private static void writeStaleLock(Path dataDir, long pid, Instant startedAt) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(
                dataDir.resolve(PostmasterPidFile.NAME),
                pid + "\n" + dataDir.toAbsolutePath() + "\n" + startedAt.getEpochSecond()
                        + "\n5432\n/tmp\n127.0.0.1\n  5432001    32768\nready   \n");
    }

    private static int selectOne(EmbeddedPostgresServer server) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                ResultSet rs = c.createStatement().executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String sleepExecutable() {
        return Files.isExecutable(Path.of("/usr/bin/sleep")) ? "/usr/bin/sleep" : "/bin/sleep";
    }
}
