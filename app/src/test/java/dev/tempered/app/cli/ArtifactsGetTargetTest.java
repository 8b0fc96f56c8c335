package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.app.config.CallerDirectory;
import dev.tempered.storage.ArtifactRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code artifacts get D -o X} writes, typed in a folder other than the checkout. */
class ArtifactsGetTargetTest {
    private static final String DIGEST = "3f9a0c1b2d4e" + "0".repeat(52);
    private static final ArtifactRecord SHARD =
            new ArtifactRecord(DIGEST, "text-shard", 10, "application/x-ndjson+gzip", "k", Map.of(), null);
    private static final ArtifactRecord SOURCE = new ArtifactRecord(
            DIGEST, "source-file", 10, "application/warc", "k", Map.of("path", "../data/sample.warc.gz"), null);

    @TempDir
    Path root;

    @Test
    void aRelativeFileIsInTheCallersDirectoryNotTheCheckout() {
        try (var ignored = new CallerDirectory(root.resolve("project"), root.resolve("checkout"))) {
            assertEquals(root.resolve("project/rel.json"), ArtifactsCommand.Get.target("rel.json", SHARD));
        }
    }

    @Test
    void aTrailingSlashMeansADirectoryAndTheArtifactKeepsAName() {
        try (var ignored = new CallerDirectory(root.resolve("project"), root.resolve("checkout"))) {
            assertEquals(
                    root.resolve("project/out/text-shard-3f9a0c1b2d4e.jsonl.gz"),
                    ArtifactsCommand.Get.target("out/", SHARD));
            assertEquals(root.resolve("project/out/sample.warc.gz"), ArtifactsCommand.Get.target("out/", SOURCE));
        }
    }

    @Test
    void anExistingDirectoryWithoutTheSlashIsWrittenInto() throws Exception {
        Path project = Files.createDirectories(root.resolve("project/downloads"));
        try (var ignored = new CallerDirectory(root.resolve("project"), root.resolve("checkout"))) {
            assertEquals(
                    project.resolve("text-shard-3f9a0c1b2d4e.jsonl.gz"),
                    ArtifactsCommand.Get.target("downloads", SHARD));
        }
    }
}
