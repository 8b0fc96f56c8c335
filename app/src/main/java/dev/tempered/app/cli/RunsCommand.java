package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.RunJson;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StageWarnings;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lists recent pipeline runs from the lineage store. Runs that Temporal no longer runs are recorded
 * as lost first, so that this list, its JSON, {@code show} and the dashboard agree.
 */
@Command(name = "runs", description = "List recent pipeline runs.")
public final class RunsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--json", description = "Print a JSON array (same shape as the web API).")
    boolean json;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        try (Platform platform = Platform.readLineage(global.config())) {
            List<PipelineRunRecord> runs = platform.lineage().recentRuns(limit);
            if (!platform.reconcileLostRuns(runs).isEmpty())
                runs = platform.lineage().recentRuns(limit);
            if (json) {
                System.out.println(Json.write(runs.stream().map(RunJson::run).toList()));
                return 0;
            }
            if (runs.isEmpty()) System.out.println("no runs yet; try ./tempered demo");
            for (PipelineRunRecord r : runs) {
                String stages = r.stages().stream().map(RunsCommand::chip).collect(Collectors.joining(" "));
                System.out.printf(
                        "%-40s %-10s %-10s %s  %s%n",
                        r.id(), r.pipeline(), StageWarnings.displayStatus(r), r.created(), stages);
            }
            if (runs.stream().anyMatch(r -> r.status() == StageStatus.LOST)) {
                System.out.println("lost: recorded as running, but Temporal no longer runs the workflow (the embedded"
                        + " server keeps workflows in memory: a platform restart ends them). Run the pipeline again;"
                        + " finished stages come from the cache and training resumes from its last checkpoint;"
                        + " 'tempered cancel RUN' clears a lost run to cancelled.");
            }
            return 0;
        }
    }

    static String chip(StageRunRecord s) {
        return s.stage() + ":" + (s.cached() ? "cached" : s.status().dbValue());
    }
}
