package dev.tempered.app.platform;

import dev.tempered.activities.chat.eval.stage.EvaluateActivitiesImpl.EvaluateProgress;
import dev.tempered.activities.chat.eval.stage.EvaluateStage;
import dev.tempered.activities.chat.probe.ProbeActivitiesImpl.BatchProgress;
import dev.tempered.activities.chat.sft.stage.SftStage;
import dev.tempered.activities.ingest.IngestProgress;
import dev.tempered.activities.ingest.IngestStage;
import dev.tempered.activities.model.stage.PretrainStage;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
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
 * it has one (training: step of steps, loss, throughput, time left, last checkpoint), else its
 * key/value details as they are.
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
        Object other = read(payloads, Object.class);
        if (other instanceof Map<?, ?> map)
            return map.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        return other == null ? "working" : other.toString();
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
