package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRecord;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Artifact commands: {@code get DIGEST -o FILE}, {@code list}. */
@Command(
        name = "artifacts",
        description = "Work with artifacts.",
        subcommands = {ArtifactsCommand.Get.class, ArtifactsCommand.List.class})
public final class ArtifactsCommand {

    @Command(name = "get", description = "Download an artifact, verifying its digest.")
    static final class Get implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "DIGEST")
        String digest;

        @Option(
                names = {"-o", "--output"},
                required = true,
                paramLabel = "FILE")
        Path output;

        @Override
        public Integer call() throws Exception {
            try (Platform platform = Platform.connect(global.config(), false)) {
                digest = platform.lineage().resolveDigest(digest); // a unique prefix is enough
                ArtifactRecord a = platform.lineage()
                        .artifact(digest)
                        .orElseThrow(() -> new IllegalArgumentException("no artifact " + digest + " in lineage"));
                platform.store().download(digest, output);
                System.out.printf("%s (%s, %,d bytes) → %s%n", digest, a.kind(), a.size(), output);
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List recent artifacts.")
    static final class List implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), false)) {
                for (ArtifactRecord a : platform.lineage().recentArtifacts(limit)) {
                    System.out.printf("%s %-20s %,14d %s%n", a.digest(), a.kind(), a.size(), a.createdAt());
                }
                return 0;
            }
        }
    }
}
