package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.RunJson;
import dev.tempered.storage.StageRunLink;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints where an artifact came from (up to its sources) and what was made from it. */
@Command(name = "lineage", description = "Show an artifact's ancestry and descendants.")
public final class LineageCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "DIGEST")
    String digest;

    @Option(names = "--json", description = "Print the one-step lineage as JSON.")
    boolean json;

    @Option(
            names = "--depth",
            defaultValue = "10",
            description = "How many stages to walk each way (default: ${DEFAULT-VALUE}).")
    int depth;

    @Override
    public Integer call() {
        try (Platform platform = Platform.connect(global.config(), false)) {
            LineageStore lineage = platform.lineage();
            Lineage root = lineage.lineage(digest)
                    .orElseThrow(() -> new IllegalArgumentException("no artifact " + digest + " in lineage"));
            if (json) {
                System.out.println(Json.write(RunJson.lineage(root)));
                return 0;
            }
            System.out.printf(
                    "%s %s %,d bytes%n",
                    root.artifact().digest(),
                    root.artifact().kind(),
                    root.artifact().size());
            System.out.println("made from:");
            walk(lineage, digest, true, 1, new HashSet<>());
            System.out.println("used by:");
            walk(lineage, digest, false, 1, new HashSet<>());
            return 0;
        }
    }

    private void walk(LineageStore lineage, String from, boolean up, int level, Set<String> seen) {
        if (level > depth || !seen.add(from)) return;
        Lineage l = lineage.lineage(from).orElseThrow();
        for (StageRunLink link : up ? l.producedBy() : l.consumedBy()) {
            String indent = "  ".repeat(level);
            System.out.printf(
                    "%s%s (run %s, %s)%n",
                    indent, link.stage(), link.pipelineRunId(), link.status().dbValue());
            for (ArtifactRef a : link.artifacts()) {
                System.out.printf("%s  %s %s %s%n", indent, a.name(), a.digest(), a.kind());
                // Shards are many and leaves of the walk; descend only through manifests and single outputs.
                if (!"shard".equals(a.name())) walk(lineage, a.digest(), up, level + 1, seen);
            }
        }
    }
}
