package dev.tempered.storage.testing;

import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.CacheHit;
import dev.tempered.storage.Digests;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.ObjectKeys;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.StageStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes pipeline runs through the real {@link LineageStore} the way the pipeline workflow's
 * activities do: the demo pipeline's six stages plus {@code sft} and {@code evaluate}, each with
 * the outputs those stages publish (manifests, several shards under one name, checkpoints) and
 * the previous stage's primary output as input; {@code pretrain} reports loss, learning rate,
 * gradient norm and throughput every step and validation loss every 50.
 *
 * <p>The runs vary the way a real history does, decided by the run's index so a seed is
 * reproducible: every odd run repeats the run before it and reuses its first four stages from the
 * cache; every tenth run (index 3 mod 10) fails at a stage, every tenth (7 mod 10) is cancelled,
 * and the newest run is still running, in pretraining, with checkpoints already linked. Artifact
 * bytes are not stored in S3: the lineage rows are what the runs page reads.
 */
public final class LineageSeed {
    /** The stages in pipeline order with the outputs each writes (name, kind, how many). */
    public static final List<StageShape> STAGES = List.of(
            new StageShape(
                    "ingest",
                    List.of(new Output("manifest", "raw-pages-manifest", 1), new Output("shard", "raw-pages", 3))),
            new StageShape(
                    "curate",
                    List.of(
                            new Output("manifest", "text-manifest", 1),
                            new Output("shard", "text-shard", 2),
                            new Output("stats", "curation-stats", 1))),
            new StageShape(
                    "train-tokenizer",
                    List.of(new Output("tokenizer", "tokenizer", 1), new Output("report", "tokenizer-report", 1))),
            new StageShape(
                    "tokenize",
                    List.of(new Output("manifest", "token-manifest", 1), new Output("shard", "token-shard", 2))),
            new StageShape("pretrain", List.of(new Output("checkpoint", "checkpoint", 3))),
            new StageShape("sample", List.of(new Output("samples", "samples", 1))),
            new StageShape("sft", List.of(new Output("checkpoint", "checkpoint", 1))),
            new StageShape("evaluate", List.of(new Output("report", "eval-report", 1))));

    private static final int CACHEABLE_STAGES = 4;

    public record Output(String name, String kind, int count) {}

    public record StageShape(String stage, List<Output> outputs) {}

    private final LineageStore lineage;
    private final String prefix;
    private final int metricSteps;

    /**
     * @param prefix      run id prefix; make it unique per seed when the database is shared
     * @param metricSteps steps of pretraining metrics per run (5 series)
     */
    public LineageSeed(LineageStore lineage, String prefix, int metricSteps) {
        this.lineage = lineage;
        this.prefix = prefix;
        this.metricSteps = metricSteps;
    }

    /** Seeds {@code runs} runs, oldest first, and returns their ids in that order. */
    public List<String> seed(int runs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) ids.add(seedRun(i, i == runs - 1));
        return ids;
    }

    private String seedRun(int index, boolean newest) {
        String runId = String.format("%s-%05d", prefix, index);
        lineage.beginPipelineRun(
                runId,
                "demo",
                Map.of(
                        "name",
                        "demo",
                        "stages",
                        STAGES.stream().map(StageShape::stage).toList()),
                "temporal-" + runId);
        int failAt =
                !newest && (index % 10 == 3 || index % 10 == 7) ? 1 + index % STAGES.size() % (STAGES.size() - 1) : -1;
        StageStatus ending = index % 10 == 3 ? StageStatus.FAILED : StageStatus.CANCELLED;
        String previous = null;
        for (int position = 0; position < STAGES.size(); position++) {
            StageShape shape = STAGES.get(position);
            String key = Digests.sha256Hex(
                    (prefix + "/" + shape.stage() + "/" + index / 2).getBytes(StandardCharsets.UTF_8));
            List<NamedDigest> inputs = previous == null ? List.of() : List.of(new NamedDigest("in", previous));
            StageRunStart start = new StageRunStart(
                    runId,
                    position,
                    shape.stage(),
                    1,
                    key,
                    params(shape.stage(), index),
                    inputs,
                    runId + "/" + shape.stage(),
                    "temporal-" + shape.stage());
            Optional<CacheHit> hit = position < CACHEABLE_STAGES && index % 2 == 1 && position != failAt
                    ? lineage.findReusable(key)
                    : Optional.empty();
            if (hit.isPresent()) {
                lineage.recordCachedStageRun(start, hit.get());
                previous = hit.get().outputs().get(0).digest();
                continue;
            }
            UUID stage = lineage.startStageRun(start);
            List<NamedDigest> outputs = outputs(runId, shape);
            if (shape.stage().equals("pretrain")) lineage.recordMetrics(stage, pretrainMetrics(index));
            if (position == failAt) {
                lineage.addStageOutputs(stage, outputs.subList(0, 1));
                lineage.endStageRun(
                        stage,
                        ending,
                        ending == StageStatus.FAILED
                                ? shape.stage() + " failed: worker lost its heartbeat after 3 attempts"
                                : "cancelled by the user");
                lineage.finishPipelineRun(runId, ending, "stage " + shape.stage() + " " + ending.dbValue());
                return runId;
            }
            if (newest && shape.stage().equals("pretrain")) {
                lineage.addStageOutputs(stage, outputs.subList(0, 2));
                return runId;
            }
            lineage.completeStageRun(stage, outputs, Map.of("outputs", outputs.size(), "stage", shape.stage()));
            previous = outputs.get(0).digest();
        }
        lineage.finishPipelineRun(runId, StageStatus.SUCCEEDED, null);
        return runId;
    }

    private List<NamedDigest> outputs(String runId, StageShape shape) {
        List<NamedDigest> outputs = new ArrayList<>();
        for (Output o : shape.outputs()) {
            for (int n = 0; n < o.count(); n++) {
                byte[] bytes =
                        (runId + " " + shape.stage() + " " + o.name() + " " + n).getBytes(StandardCharsets.UTF_8);
                String digest = Digests.sha256Hex(bytes);
                lineage.recordArtifact(new ArtifactRecord(
                        digest,
                        o.kind(),
                        4096L * (n + 1) + bytes.length,
                        "application/octet-stream",
                        ObjectKeys.forDigest(digest),
                        Map.of("part", n),
                        null));
                outputs.add(new NamedDigest(o.name(), digest));
            }
        }
        return outputs;
    }

    private static Map<String, Object> params(String stage, int index) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (stage) {
            case "ingest" -> p.put("shard_max_mb", 16);
            case "curate" -> {
                p.put("languages", List.of("en"));
                p.put("language_threshold", 0.65);
            }
            case "train-tokenizer" -> p.put("vocab_size", 4096);
            case "pretrain" -> {
                p.put("steps", 300);
                p.put("learning_rate", 3e-3);
                p.put("seed", 1337 + index / 2);
            }
            case "sample" -> p.put("temperature", 0.8);
            default -> {}
        }
        return p;
    }

    /** What pretrain reports: a decaying loss with a little per-step wobble, warm-up then cosine learning rate. */
    private List<MetricPoint> pretrainMetrics(int index) {
        List<MetricPoint> points = new ArrayList<>();
        for (int step = 1; step <= metricSteps; step++) {
            double wobble = 0.02 * Math.sin(step * 0.37 + index);
            points.add(MetricPoint.of(step, "loss", 8.3 / Math.sqrt(step) + 2.9 + wobble));
            points.add(MetricPoint.of(step, "lr", 3e-3 * Math.min(1, step / 30.0)));
            points.add(MetricPoint.of(step, "grad_norm", 1.0 + 1.0 / step + Math.abs(wobble)));
            points.add(MetricPoint.of(step, "tokens_per_s", 3500 + 17.5 * (step % 7)));
            if (step % 50 == 0) points.add(MetricPoint.of(step, "val_loss", 8.5 / Math.sqrt(step) + 2.95));
        }
        return points;
    }
}
