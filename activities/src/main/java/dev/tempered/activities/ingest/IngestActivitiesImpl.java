package dev.tempered.activities.ingest;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.StageWarnings;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal adapter of {@link IngestCore}: reads the source manifest from storage, publishes each
 * shard as a {@code raw-pages} artifact, heartbeats the checkpoint after each shard and resumes
 * from the last heartbeat when Temporal retries it on another worker.
 */
public final class IngestActivitiesImpl implements IngestActivities {
    public static final String SOURCES_INPUT = "sources";
    private static final Logger log = LoggerFactory.getLogger(IngestActivitiesImpl.class);

    private final ArtifactPublisher publisher;

    public IngestActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult ingest(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        String sourcesDigest = request.inputs().get(SOURCES_INPUT);
        if (sourcesDigest == null) {
            throw new InvalidStageInputException("ingest needs an input named '" + SOURCES_INPUT
                    + "' (a source manifest); got " + request.inputs().keySet());
        }
        UUID stageRunId = UUID.fromString(request.stageRunId());
        IngestParams params = IngestParams.from(request.params());
        IngestProgress last = ctx.getHeartbeatDetails(IngestProgress.class).orElse(null);
        IngestCheckpoint resume = last == null ? IngestCheckpoint.start() : last.checkpoint();
        if (last != null) {
            log.info(
                    "ingest {} attempt {}: resuming at source {} record {} with {} shards done",
                    stageRunId,
                    ctx.getInfo().getAttempt(),
                    resume.sourceIndex(),
                    resume.recordsDone(),
                    resume.shards().size());
        }
        Path workDir = null;
        try {
            SourceManifest sources = SourceManifest.parse(publisher.store().readAllBytes(sourcesDigest), sourcesDigest);
            workDir = Files.createTempDirectory("tempered-ingest-");
            IngestCore core = new IngestCore(
                    sources,
                    params,
                    workDir,
                    entry -> publisher.store().open(entry.digest()),
                    (file, pages, bytes) -> publisher
                            .publish(
                                    file,
                                    "raw-pages",
                                    RawPageShardWriter.MEDIA_TYPE,
                                    Map.of("format", RawPageShardWriter.FORMAT, "pages", pages))
                            .digest(),
                    new HeartbeatingListener(ctx, stageRunId, sources.entries().size()));
            IngestCheckpoint end = core.run(resume);
            IngestOutcome.requirePages(sources, end);
            IngestManifest manifest = IngestManifest.of(sources, end);
            ArtifactRecord published = publisher.publish(
                    Json.writeBytes(manifest),
                    IngestManifest.KIND,
                    "application/json",
                    Map.of(
                            "format",
                            IngestManifest.FORMAT,
                            "pages",
                            end.pages(),
                            "shards",
                            end.shards().size()));
            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("manifest", published.digest()));
            for (IngestCheckpoint.ShardRef shard : end.shards()) outputs.add(new OutputRef("shard", shard.digest()));
            return new StageResult(
                    published.digest(),
                    outputs,
                    summary(end, resume, ctx.getInfo().getAttempt(), IngestOutcome.warnings(sources, end)));
        } catch (IOException e) {
            throw new UncheckedIOException("ingest of " + sourcesDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(workDir);
        }
    }

    private static Map<String, Object> summary(
            IngestCheckpoint end, IngestCheckpoint resume, int attempt, List<String> warnings) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pages", end.pages());
        s.put("shards", end.shards().size());
        s.put("body_bytes", end.bodyBytes());
        s.put("skipped", end.skipped());
        s.put("malformed", end.malformed());
        s.put("errors", end.errors().subList(0, Math.min(10, end.errors().size())));
        s.put("attempt", attempt);
        // How much a retry could reuse: 0 for a run that was never interrupted.
        s.put("resumed_from_shard", resume.shards().size());
        // Partly readable input: the run shows "succeeded with warnings" (StageWarnings reads this key).
        if (!warnings.isEmpty()) s.put(StageWarnings.KEY, warnings);
        return s;
    }

    /** Heartbeats every checkpoint and progress tick; records per-shard metrics for the dashboard. */
    private final class HeartbeatingListener implements IngestCore.Listener {
        private final ActivityExecutionContext ctx;
        private final UUID stageRunId;
        private final int sourceCount;

        HeartbeatingListener(ActivityExecutionContext ctx, UUID stageRunId, int sourceCount) {
            this.ctx = ctx;
            this.stageRunId = stageRunId;
            this.sourceCount = sourceCount;
        }

        @Override
        public void onCheckpoint(IngestCheckpoint checkpoint) {
            ctx.heartbeat(
                    new IngestProgress(checkpoint, 0, checkpoint.pages(), checkpoint.sourceIndex(), sourceCount, null));
            long step = checkpoint.shards().size();
            publisher
                    .lineage()
                    .recordMetrics(
                            stageRunId,
                            List.of(
                                    MetricPoint.of(step, "pages", checkpoint.pages()),
                                    MetricPoint.of(step, "body_mb", checkpoint.bodyBytes() / 1048576.0)));
        }

        @Override
        public void onProgress(IngestProgress progress) {
            ctx.heartbeat(progress);
        }
    }
}
