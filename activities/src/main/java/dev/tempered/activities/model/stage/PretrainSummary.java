package dev.tempered.activities.model.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code pretrain} stage's summary, shown on the dashboard and read by tests under these
 * snake_case keys, in this order.
 *
 * @param parameters the model's parameter count
 * @param steps updates the run was to reach
 * @param resumedFromStep the checkpoint step this attempt resumed from, 0 when it started fresh
 * @param attempt Temporal's attempt number of the activity
 * @param finalLoss the last training loss of this attempt, rounded to 4 decimals; null when a retry resumed from
 *     the final checkpoint and had no step left to take
 * @param finalValLoss the last validation loss, rounded to 4 decimals; null without validation tokens or steps
 * @param unigramEntropyNats the training tokens' unigram entropy: a model that ignores context reaches this loss
 * @param trainTokens tokens trained on (before the held-out tail)
 * @param valTokens held-out tokens for the validation loss
 * @param tokensPerS training throughput of this attempt's steps, null when it took none
 * @param device the {@code device} param ({@code cpu} or {@code gpu})
 * @param engineThreads libtorch's intra-op threads in this worker
 * @param config the model config as saved in checkpoints
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PretrainSummary(
        long parameters,
        int steps,
        long resumedFromStep,
        int attempt,
        Double finalLoss,
        Double finalValLoss,
        double unigramEntropyNats,
        int trainTokens,
        int valTokens,
        Long tokensPerS,
        String device,
        int engineThreads,
        Map<String, Object> config) {

    /** Keeps declaration order (the dashboard shows keys as they come) and nulls (a null says "none", not "unknown"). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** The summary as {@link dev.tempered.workflows.StageResult} carries it. */
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, MAP);
    }

    /** Four decimals: enough to compare runs, short enough to read. */
    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : v;
    }

    /** Rounded, or null for NaN (the loop's "no value"). */
    static Double roundOrNull(double v) {
        return Double.isNaN(v) ? null : round(v);
    }
}
