package dev.tempered.app.cli;

import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.temporal.PipelineSchedules;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Scheduled retraining: run a pipeline every so often, or, with {@code --min-new-labels}, retrain
 * when enough new labels have been acknowledged since the last retrain.
 */
@Command(
        name = "schedule",
        description = "Run a pipeline on a schedule (scheduled retraining).",
        subcommands = {
            ScheduleCommand.Create.class,
            ScheduleCommand.ListSchedules.class,
            ScheduleCommand.Pause.class,
            ScheduleCommand.Resume.class,
            ScheduleCommand.Delete.class
        })
public final class ScheduleCommand {
    static PipelineSchedules schedules(Platform platform) {
        return new PipelineSchedules(
                platform.client(),
                platform.capabilities(),
                new RetrainScheduleStore(platform.lineage().dataSource()));
    }

    /** Shorter intervals are refused without {@code --force}: runs take longer, and a typo (2s for 2h) floods the run list. */
    static final int MIN_INTERVAL_SECONDS = 10;

    @Command(name = "create", description = "Create a schedule: the pipeline runs every DURATION, one run at a time.")
    static final class Create implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "PIPELINE.yaml")
        Path pipeline;

        @Option(
                names = "--every",
                required = true,
                paramLabel = "DURATION",
                description =
                        "Interval such as 30s, 15m, 6h or 1d (firings aligned to multiples of it since the epoch).")
        String every;

        @Option(names = "--no-cache", description = "Re-run every stage on every firing.")
        boolean noCache;

        @Option(
                names = "--min-new-labels",
                paramLabel = "N",
                description = "Retrain only when at least N labels were acknowledged since the last retrain; the "
                        + "pipeline snapshots them with a label-snapshot stage and ends in a promotion request.")
        Integer minNewLabels;

        @Option(
                names = "--force",
                description = "Allow an interval under " + MIN_INTERVAL_SECONDS + " s (tests, a quick look).")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Duration interval = parseInterval(every);
            if (interval.compareTo(Duration.ofSeconds(MIN_INTERVAL_SECONDS)) < 0 && !force) {
                throw new IllegalArgumentException("--every " + every + " is under " + MIN_INTERVAL_SECONDS
                        + " s: a pipeline run takes longer than that, so most firings would be skipped; "
                        + "give a longer interval, or --force");
            }
            PipelineSchedules.checkName(name);
            PipelineFile file = PipelineFile.read(pipeline);
            try (Platform platform = Platform.connect(global.config(), true)) {
                // Local sources are uploaded now: every firing reads the same snapshot of them.
                var spec = PipelineSubmitter.resolveClientParams(platform, file);
                if (minNewLabels != null) {
                    if (minNewLabels < 1) {
                        throw new IllegalArgumentException("--min-new-labels must be at least 1, got " + minNewLabels);
                    }
                    if (noCache) {
                        throw new IllegalArgumentException("--no-cache with --min-new-labels would retrain the "
                                + "upstream stages on every firing; leave it out");
                    }
                    String kind = schedules(platform).createRetrain(name, interval, spec, minNewLabels);
                    System.out.println("retraining schedule " + name + " created (" + kind + "), every " + every
                            + ", when at least " + minNewLabels + " new labels; firings are named " + name
                            + "-<firing time>, their runs <firing>-run");
                    return 0;
                }
                String kind = schedules(platform).create(name, interval, spec, noCache);
                System.out.println("schedule " + name + " created (" + kind + "), every " + every + "; runs are named "
                        + name + "-<firing time>");
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List schedules.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), true)) {
                List<PipelineSchedules.Listed> all = schedules(platform).list();
                if (all.isEmpty()) System.out.println("no schedules");
                for (PipelineSchedules.Listed s : all) {
                    System.out.printf(
                            "%-24s every %-8s %-18s last run %s%s%s%n",
                            s.name(),
                            s.intervalSeconds() + "s",
                            s.kind(),
                            s.lastRunId() == null ? "-" : s.lastRunId(),
                            s.minNewLabels() > 0 ? "  min new labels " + s.minNewLabels() : "",
                            s.paused() ? "  paused" : "");
                }
                return 0;
            }
        }
    }

    @Command(name = "delete", description = "Delete a schedule; a run it already started goes on.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), true)) {
                if (!schedules(platform).delete(name)) {
                    throw new IllegalArgumentException("no schedule '" + name + "'");
                }
                System.out.println("schedule " + name + " deleted");
                return 0;
            }
        }
    }

    @Command(name = "pause", description = "Pause a schedule: no firing until it is resumed.")
    static final class Pause implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return setPaused(global, name, true);
        }
    }

    @Command(name = "resume", description = "Resume a paused schedule from its next firing time.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return setPaused(global, name, false);
        }
    }

    private static int setPaused(GlobalOptions global, String name, boolean paused) {
        try (Platform platform = Platform.connect(global.config(), true)) {
            if (!schedules(platform).setPaused(name, paused)) {
                throw new IllegalArgumentException("no schedule '" + name + "'");
            }
            System.out.println("schedule " + name + (paused ? " paused" : " resumed"));
            return 0;
        }
    }

    /** 30s, 15m, 6h, 1d, or an ISO-8601 duration (PT90M). */
    static Duration parseInterval(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.trim());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("--every '" + text + "': expected e.g. 30s, 15m, 6h, 1d or PT90M");
        }
    }
}
