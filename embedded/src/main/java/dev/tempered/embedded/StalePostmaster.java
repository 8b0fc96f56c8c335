package dev.tempered.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the way for a postmaster on a data directory whose {@code postmaster.pid} was left behind
 * by a process killed with SIGKILL: either the old postmaster still runs (orphaned, holding the
 * port and the lock) and is asked to stop, or it is gone and only its lock file remains.
 *
 * <p>A PID in a stale lock file may since have been reused by any process, including another
 * postmaster serving another data directory. Only a process that is provably the postmaster of
 * this data directory is signalled: its executable is {@code postgres}, its working directory is
 * the data directory (the postmaster changes into it at start), and it started no later than the
 * lock file says. Any other live process is left alone and the lock file is removed, since
 * PostgreSQL itself would refuse to start while the file names a live PID. Linux only: the check
 * reads {@code /proc}, and only the Linux PostgreSQL binaries ship.
 */
final class StalePostmaster {
    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    /** The lock file records whole seconds, and process start times are rounded to clock ticks. */
    private static final Duration START_TIME_SLACK = Duration.ofSeconds(2);

    private StalePostmaster() {}

    static void clear(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PostmasterPidFile.NAME);
        if (!Files.exists(pidFile)) return;
        Optional<PostmasterPidFile> lock = PostmasterPidFile.read(dataDir);
        if (lock.isEmpty()) {
            log.warn("removing unreadable {}", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        long pid = lock.get().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.info("removing stale {} of dead postmaster {}", pidFile, pid);
            Files.deleteIfExists(pidFile);
            return;
        }
        if (!isPostmasterOf(process.get(), dataDir, lock.get())) {
            log.warn(
                    "{} names pid {}, which is now another process ({}): leaving it alone and removing the stale lock file",
                    pidFile,
                    pid,
                    process.get().info().commandLine().orElse("command unknown"));
            Files.deleteIfExists(pidFile);
            return;
        }
        stop(process.get(), dataDir);
        Files.deleteIfExists(pidFile);
    }

    /** True only when {@code process} is a postgres executable running in {@code dataDir}, started by the lock's time. */
    static boolean isPostmasterOf(ProcessHandle process, Path dataDir, PostmasterPidFile lock) throws IOException {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        Path executable;
        Path workingDir;
        try {
            executable = Files.readSymbolicLink(proc.resolve("exe"));
            workingDir = proc.resolve("cwd").toRealPath();
        } catch (IOException e) {
            // A process we may not inspect (another user's, or gone meanwhile) is not provably ours.
            return false;
        }
        if (!executable.getFileName().toString().equals("postgres")) return false;
        if (!workingDir.equals(dataDir.toRealPath())) return false;
        Optional<Instant> started = process.info().startInstant();
        return started.isPresent() && !started.get().isAfter(lock.startedAt().plus(START_TIME_SLACK));
    }

    /** SIGINT is PostgreSQL's fast shutdown: it rolls back open transactions and exits cleanly. */
    private static void stop(ProcessHandle postmaster, Path dataDir) throws IOException {
        long pid = postmaster.pid();
        log.warn("stopping stale postmaster {} left running on {}", pid, dataDir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
            try {
                postmaster.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                log.warn("stale postmaster {} did not stop within 30 s of SIGINT; killing it", pid);
                postmaster.destroyForcibly();
                postmaster.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping stale postmaster " + pid, e);
        } catch (Exception e) {
            throw new IOException(
                    "could not stop stale postmaster " + pid + " on " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
