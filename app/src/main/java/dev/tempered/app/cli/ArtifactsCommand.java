package dev.tempered.app.cli;

import dev.tempered.app.config.CallerPaths;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Artifact commands: {@code get DIGEST -o FILE|DIR/|-}, {@code list}. */
@Command(
        name = "artifacts",
        description = "Work with artifacts.",
        subcommands = {ArtifactsCommand.Get.class, ArtifactsCommand.List.class})
public final class ArtifactsCommand {

    @Command(
            name = "get",
            description = "Download an artifact, verifying its digest. -o FILE writes FILE, -o DIR/ (or an existing "
                    + "directory) writes DIR/<artifact name>, -o - writes to standard output.")
    static final class Get implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "DIGEST")
        String digest;

        /** A string, not a Path: a Path drops the trailing slash that says "a directory". */
        @Option(
                names = {"-o", "--output"},
                required = true,
                paramLabel = "FILE|DIR/|-")
        String output;

        @Override
        public Integer call() throws Exception {
            try (Platform platform = Platform.connect(global.config(), false)) {
                digest = platform.lineage().resolveDigest(digest); // a unique prefix is enough
                ArtifactRecord a = platform.lineage()
                        .artifact(digest)
                        .orElseThrow(() -> new IllegalArgumentException("no artifact " + digest + " in lineage"));
                if (output.equals("-")) {
                    // The bytes are the output; the receipt goes to stderr so a pipe gets the artifact alone.
                    try (InputStream in = platform.store().open(a.digest())) {
                        in.transferTo(System.out);
                    }
                    System.out.flush();
                    System.err.printf("%s (%s, %,d bytes) → standard output%n", a.digest(), a.kind(), a.size());
                    return 0;
                }
                Path target = target(output, a);
                platform.store().download(a.digest(), target);
                System.out.printf("%s (%s, %,d bytes) → %s%n", a.digest(), a.kind(), a.size(), target);
                return 0;
            }
        }

        /** Where {@code -o} writes: relative to the caller's directory; into it when it names a directory. */
        static Path target(String output, ArtifactRecord a) {
            Path resolved = CallerPaths.resolve(Path.of(output));
            boolean directory =
                    output.endsWith("/") || output.endsWith(java.io.File.separator) || Files.isDirectory(resolved);
            return directory ? resolved.resolve(ArtifactFileName.of(a)) : resolved;
        }
    }

    @Command(name = "list", description = "List recent artifacts.")
    static final class List implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Option(
                names = "--all",
                description = "Include internal artifacts (curation's per-chunk parts), left out by default.")
        boolean all;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), false)) {
                var recent = all
                        ? platform.lineage().recentArtifactsIncludingInternal(limit)
                        : platform.lineage().recentArtifacts(limit);
                for (ArtifactRecord a : recent) {
                    System.out.printf("%s %-20s %,14d %s%n", a.digest(), a.kind(), a.size(), a.createdAt());
                }
                return 0;
            }
        }
    }
}
