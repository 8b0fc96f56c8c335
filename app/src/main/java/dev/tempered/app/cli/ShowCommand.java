package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.RunJson;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageWarnings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows one run: its stages, their params, outcomes and outputs. */
@Command(name = "show", description = "Show one pipeline run (a unique id prefix is enough).")
public final class ShowCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "RUN")
    String run;

    @Option(names = "--json", description = "Print one JSON object (same shape as the web API).")
    boolean json;

    @Override
    public Integer call() {
        try (Platform platform = Platform.readLineage(global.config())) {
            String id = platform.lineage()
                    .resolveRunId(run)
                    .orElseThrow(
                            () -> new IllegalArgumentException("no run '" + run + "'; list them with ./tempered runs"));
            PipelineRunRecord r = platform.lineage().run(id).orElseThrow();
            // Lost runs are recorded as such first, so that this view, runs and the dashboard agree.
            if (!platform.reconcileLostRuns(List.of(r)).isEmpty())
                r = platform.lineage().run(id).orElseThrow();
            if (json) {
                System.out.println(Json.write(RunJson.run(r)));
                return 0;
            }
            System.out.printf(
                    "run %s  pipeline %s  %s  created %s%n",
                    r.id(), r.pipeline(), StageWarnings.displayStatus(r), r.created());
            if (r.error() != null) System.out.println("error: " + r.error());
            for (StageRunRecord s : r.stages()) {
                String took = s.finished() == null
                        ? ""
                        : " " + Duration.between(s.started(), s.finished()).toMillis() + " ms";
                System.out.printf(
                        "  %d %-16s %s%s v%d%s%n",
                        s.position(),
                        s.stage(),
                        StageWarnings.displayStatus(s),
                        s.cached() ? " (cached)" : "",
                        s.stageVersion(),
                        took);
                System.out.println("      params  " + Json.write(s.params()));
                System.out.println("      summary " + Json.write(s.summary()));
                if (s.error() != null) System.out.println("      error   " + s.error());
                for (String w : StageWarnings.of(s)) System.out.println("      warning " + w);
                for (ArtifactRef o : s.outputs()) {
                    System.out.printf("      out %-9s %s %-20s %,d bytes%n", o.name(), o.digest(), o.kind(), o.size());
                }
            }
            return 0;
        }
    }
}
