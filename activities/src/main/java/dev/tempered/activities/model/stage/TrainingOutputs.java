package dev.tempered.activities.model.stage;

import dev.tempered.activities.training.Metric;
import dev.tempered.activities.training.TrainingSnapshot;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.NamedDigest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where every training stage's listener puts what the loop hands it: metric batches into the
 * lineage store, checkpoints into the artifact store as kind {@code checkpoint}, each linked to the
 * stage run as {@code checkpoint_step_N} as soon as it is published, so a run that diverges or dies
 * later keeps them. The listeners (pretrain, sft, and the RL stages to come) differ only in the
 * checkpoint's metadata and their heartbeat record.
 */
public final class TrainingOutputs {
    private final ArtifactPublisher publisher;
    private final UUID stageRunId;
    private final Path work;

    /**
     * @param stageRunId the stage run metrics and checkpoints belong to; null outside a pipeline (nothing is linked)
     * @param work a directory for a checkpoint file while it is published
     */
    public TrainingOutputs(ArtifactPublisher publisher, UUID stageRunId, Path work) {
        this.publisher = publisher;
        this.stageRunId = stageRunId;
        this.work = work;
    }

    public void recordMetrics(List<Metric> batch) {
        if (stageRunId == null) return;
        publisher
                .lineage()
                .recordMetrics(
                        stageRunId,
                        batch.stream()
                                .map(m -> MetricPoint.of(m.step(), m.name(), m.value()))
                                .toList());
    }

    /**
     * Writes {@code snapshot} to a file under the work directory, publishes it with {@code metadata}
     * and links it to the stage run; returns its digest.
     *
     * @param what names the training in the error (e.g. {@code SFT})
     */
    public String publishCheckpoint(TrainingSnapshot snapshot, Map<String, Object> metadata, String what) {
        return publishCheckpoint(snapshot, PretrainActivitiesImpl.CHECKPOINT_KIND, metadata, what);
    }

    /** As {@link #publishCheckpoint(TrainingSnapshot, Map, String)}, as an artifact of {@code kind} (a reward model's, say). */
    public String publishCheckpoint(TrainingSnapshot snapshot, String kind, Map<String, Object> metadata, String what) {
        long step = snapshot.step();
        Path file = work.resolve(what.toLowerCase(java.util.Locale.ROOT) + "-step-" + step + ".ckpt");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                snapshot.write(out);
            }
            ArtifactRecord ckpt = publisher.publish(file, kind, "application/octet-stream", metadata);
            Files.deleteIfExists(file);
            if (stageRunId != null)
                publisher
                        .lineage()
                        .addStageOutputs(
                                stageRunId, List.of(new NamedDigest("checkpoint_step_" + step, ckpt.digest())));
            return ckpt.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing the " + what + " step-" + step + " checkpoint to " + file + " failed: " + e.getMessage(),
                    e);
        }
    }
}
