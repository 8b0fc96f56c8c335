package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.RunJson;
import dev.tempered.storage.StageRunLink;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints where an artifact came from (up to its sources) and what was made from it. Cached reruns
 * are not listed again (the lineage store leaves them out), a shard lists the stages that read it
 * through its manifest, and source files show the path they were uploaded from.
 */
@Command(
        name = "lineage",
        description = "Show an artifact's ancestry and descendants (a unique digest prefix is enough).")
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
            String full = lineage.resolveDigest(digest);
            Lineage root = lineage.lineage(full).orElseThrow();
            if (json) {
                System.out.println(Json.write(RunJson.lineage(root)));
                return 0;
            }
            print(lineage, root, depth, System.out);
            return 0;
        }
    }

    /** The tree both ways from {@code root}, {@code depth} stages at most. */
    static void print(LineageStore lineage, Lineage root, int depth, PrintStream out) {
        ArtifactRecord a = root.artifact();
        Object path = a.metadata().get("path");
        out.printf("%s %s %,d bytes%s%n", a.digest(), a.kind(), a.size(), path == null ? "" : " (" + path + ")");
        out.println("made from:");
        walk(lineage, root, true, 1, depth, new HashSet<>(), out);
        out.println("used by:");
        walk(lineage, root, false, 1, depth, new HashSet<>(), out);
    }

    private static void walk(
            LineageStore lineage, Lineage from, boolean up, int level, int depth, Set<String> seen, PrintStream out) {
        if (level > depth || !seen.add(from.artifact().digest())) return;
        for (StageRunLink link : up ? from.producedBy() : from.consumedBy()) {
            String indent = "  ".repeat(level);
            out.printf(
                    "%s%s (run %s, %s)%s%n",
                    indent,
                    link.stage(),
                    link.pipelineRunId(),
                    link.status().dbValue(),
                    link.via() == null ? "" : " through manifest " + link.via().substring(0, 12));
            for (ArtifactRef ref : link.artifacts()) {
                out.printf(
                        "%s  %s %s %s%s%n",
                        indent, ref.name(), ref.digest(), ref.kind(), ref.path() == null ? "" : " " + ref.path());
                // Shards are many and leaves of the walk; descend only through manifests and single outputs.
                if (!"shard".equals(ref.name())) {
                    lineage.lineage(ref.digest())
                            .ifPresent(next -> walk(lineage, next, up, level + 1, depth, seen, out));
                }
            }
        }
    }
}
