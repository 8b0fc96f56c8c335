package dev.tempered.app.platform;

import dev.tempered.activities.chat.eval.stage.EvaluateActivitiesImpl.EvaluateProgress;
import dev.tempered.activities.chat.eval.stage.EvaluateStage;
import dev.tempered.activities.chat.probe.ProbeActivitiesImpl.BatchProgress;
import dev.tempered.activities.chat.sft.stage.SftStage;
import dev.tempered.activities.ingest.IngestProgress;
import dev.tempered.activities.ingest.IngestStage;
import dev.tempered.activities.model.stage.PretrainStage;
import dev.tempered.activities.model.stage.SampleStage;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.tokenizer.stage.TokenManifest;
import dev.tempered.activities.tokenizer.stage.TokenizeStage;
import dev.tempered.activities.tokenizer.stage.TokenizerActivitiesImpl.TokenizeProgress;
import dev.tempered.activities.training.TrainingPulse;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A running activity's newest heartbeat as one line for people: the activity's progress record where
 * it has one (training: step of steps, loss, throughput, time left, last checkpoint; tokenize: shards
 * and tokens; sample: samples written), else its scalar details as words ({@link #readable}).
 */
final class HeartbeatLine {
    private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();
    private static final Set<String> TRAINING = Set.of(
            PretrainStage.DEFINITION.execution().typeName(),
            SftStage.DEFINITION.execution().typeName());

    private HeartbeatLine() {}

    static String describe(String activityType, Payloads details) {
        var payloads = Optional.of(details);
        if (TRAINING.contains(activityType)) return training(read(payloads, TrainingHeartbeat.class));
        if (activityType.equals(IngestStage.DEFINITION.execution().typeName())) {
            IngestProgress p = read(payloads, IngestProgress.class);
            int shards = p.checkpoint() == null ? 0 : p.checkpoint().shards().size();
            return String.format(
                    "%,d records read, %,d pages, %d shards written, source %d/%d",
                    p.recordsRead(), p.pagesRead(), shards, p.sourceIndex() + 1, p.sourceCount());
        }
        if (activityType.equals(EvaluateStage.DEFINITION.execution().typeName())) {
            EvaluateProgress p = read(payloads, EvaluateProgress.class);
            return p.phase() + ": batch " + p.done() + " of " + p.total();
        }
        if (activityType.equals("ProbeBatch")) {
            BatchProgress p = read(payloads, BatchProgress.class);
            return "batch " + (p.batch() + 1) + ": generation call " + p.done() + " of " + p.total();
        }
        if (activityType.equals(TokenizeStage.DEFINITION.execution().typeName())) {
            TokenizeProgress p = read(payloads, TokenizeProgress.class);
            return String.format(
                    "%,d shards written, %,d tokens, %,d documents",
                    p.shards().size(),
                    p.shards().stream().mapToLong(TokenManifest.Shard::tokens).sum(),
                    p.shards().stream()
                            .mapToLong(TokenManifest.Shard::documents)
                            .sum());
        }
        if (activityType.equals(SampleStage.DEFINITION.execution().typeName())) {
            return read(payloads, Object.class) instanceof Number n
                    ? String.format("%,d samples written", n.longValue())
                    : "sampling";
        }
        return readable(read(payloads, Object.class));
    }

    /**
     * Details without a reader of their own, as words: {@code docs_read 1234} becomes {@code docs
     * read 1,234}, a list its size, and nested records are left out, so that a progress record full
     * of digests (curation's parts) never prints as a raw map.
     */
    static String readable(Object details) {
        if (details == null) return "working";
        if (!(details instanceof Map<?, ?> map)) return scalar(details);
        String line = map.entrySet().stream()
                .filter(e -> !(e.getValue() instanceof Map<?, ?>) && e.getValue() != null)
                .map(e -> {
                    String key = words(String.valueOf(e.getKey()));
                    return e.getValue() instanceof java.util.Collection<?> c
                            ? key + ": " + String.format("%,d", c.size())
                            : key + " " + scalar(e.getValue());
                })
                .collect(Collectors.joining(", "));
        return line.isEmpty() ? "working" : line;
    }

    private static String scalar(Object v) {
        if (v instanceof Double || v instanceof Float) return String.format("%,.3f", ((Number) v).doubleValue());
        if (v instanceof Number n) return String.format("%,d", n.longValue());
        return String.valueOf(v);
    }

    /** {@code docs_read} and {@code docsRead} both read {@code docs read}. */
    private static String words(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }

    static String training(TrainingHeartbeat beat) {
        String checkpoint = beat.checkpoint() == null
                ? "no checkpoint yet"
                : "last checkpoint " + beat.checkpoint().substring(0, 12) + " (step " + beat.step() + ")";
        TrainingPulse now = beat.now();
        if (now == null) return "starting; " + checkpoint;
        return String.format(
                "step %,d/%,d · loss %.3f · %,.0f tokens/s · %s left · %s",
                now.step(), now.steps(), now.loss(), now.tokensPerSecond(), duration(now.secondsLeft()), checkpoint);
    }

    /** {@code 45 s}, {@code 12 min}, {@code 3 h 05 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        long minutes = Math.round(seconds / 60);
        if (minutes < 60) return minutes + " min";
        return String.format("%d h %02d min", minutes / 60, minutes % 60);
    }

    private static <T> T read(Optional<Payloads> payloads, Class<T> type) {
        return CONVERTER.fromPayloads(0, payloads, type, type);
    }
}
