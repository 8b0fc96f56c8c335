package dev.tempered.activities.registry;

import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunLink;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.NewModelVersion;
import dev.tempered.storage.registry.RegistryException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registers an evaluated checkpoint as a model version: its report card, the tokenizer and labels
 * snapshot its metadata names, and the stage run that wrote it (from there the lineage store leads
 * back to the WARC records). Base checkpoints are not registered: the Chat page serves chat models.
 */
public final class ModelRegistration {
    /** Checkpoint kinds that are chat models: SFT's, and the RL stages' that start from them. */
    public static final Set<String> CHAT_KINDS = Set.of("chat", "rl", "ppo", "rlvr");

    private final LineageStore lineage;

    public ModelRegistration(LineageStore lineage) {
        this.lineage = lineage;
    }

    /**
     * Registers the checkpoint that {@code reportCardDigest} scores under {@code model}; empty when
     * the checkpoint is a base model.
     *
     * @throws RegistryException when the digest is not a report card or its checkpoint is not recorded
     */
    public Optional<ModelVersion> registerEvaluated(String model, String reportCardDigest, String registeredBy) {
        ArtifactRecord card = lineage.artifact(reportCardDigest)
                .orElseThrow(() -> new RegistryException("no artifact " + reportCardDigest));
        if (!ReportCard.KIND.equals(card.kind())) {
            throw new RegistryException("artifact " + reportCardDigest + " is a " + card.kind()
                    + ", not a report-card; register a model by the report card that evaluate wrote for it");
        }
        String checkpoint = String.valueOf(card.metadata().get("model"));
        ArtifactRecord ckpt = lineage.artifact(checkpoint)
                .orElseThrow(() -> new RegistryException("report card " + reportCardDigest + " scores checkpoint "
                        + checkpoint + ", which is not recorded"));
        Map<String, Object> meta = ckpt.metadata();
        String kind = String.valueOf(meta.getOrDefault("kind", "base"));
        if (!CHAT_KINDS.contains(kind)) return Optional.empty();
        List<StageRunLink> producers =
                lineage.lineage(checkpoint).map(l -> l.producedBy()).orElse(List.of());
        StageRunLink producer = producers.isEmpty() ? null : producers.get(0);
        return Optional.of(lineage.modelRegistry()
                .register(new NewModelVersion(
                        model == null ? Aliases.DEFAULT_MODEL : model,
                        checkpoint,
                        kind,
                        reportCardDigest,
                        recordedDigest(meta.get("tokenizer")),
                        recordedDigest(meta.get("labels")),
                        producer == null ? null : producer.stageRunId(),
                        producer == null ? null : producer.pipelineRunId(),
                        registeredBy)));
    }

    /** A digest the metadata names, if it is one the lineage store knows (a foreign key otherwise fails). */
    private String recordedDigest(Object value) {
        if (!(value instanceof String s) || !s.matches("[0-9a-f]{64}")) return null;
        return lineage.artifact(s).isPresent() ? s : null;
    }
}
