package dev.tempered.activities.ingest;

import dev.tempered.activities.stage.Param;
import java.util.List;
import java.util.Set;

/** The {@code ingest} stage's parameters as a pipeline file gives them (sizes in MiB); {@link #toCore} gives bytes. */
public record IngestStageParams(
        @Param(doc = "Close a shard once its uncompressed JSON lines reach this many MiB.", min = 1, max = 4096)
        int shardMaxMb,

        @Param(
                doc = "Pages with larger bodies, in MiB, are skipped and counted as body-over-limit.",
                min = 1,
                max = 1024)
        int maxPageMb,

        @Param(doc = "Media types kept; other responses are counted as skipped by type.")
        List<String> contentTypes) {

    public static final IngestStageParams DEFAULTS =
            new IngestStageParams(16, 10, List.of("text/html", "application/xhtml+xml", "text/plain"));

    /** The core's limits in bytes. */
    public IngestParams toCore() {
        return new IngestParams((long) shardMaxMb << 20, (long) maxPageMb << 20, Set.copyOf(contentTypes));
    }
}
