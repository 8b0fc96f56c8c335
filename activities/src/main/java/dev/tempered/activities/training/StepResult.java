package dev.tempered.activities.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one update of a {@link TrainingTask} did.
 *
 * @param loss the training loss of the update (mean over its micro-batches), in nats
 * @param learningRate the learning rate the update used
 * @param gradNorm the global gradient norm before clipping
 * @param tokens tokens the update trained on (for {@code tokens_per_s}); 0 when the task does not count tokens
 * @param metrics further values of this update by metric name, recorded after the four above in this
 *     map's order (an SFT step's share of masked tokens, a reward model's pairwise accuracy, PPO's KL);
 *     finite, since metric stores keep finite values only
 */
public record StepResult(double loss, double learningRate, double gradNorm, long tokens, Map<String, Double> metrics) {
    public StepResult {
        if (tokens < 0) throw new IllegalArgumentException("a step cannot train on " + tokens + " tokens");
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public StepResult(double loss, double learningRate, double gradNorm, long tokens) {
        this(loss, learningRate, gradNorm, tokens, Map.of());
    }
}
