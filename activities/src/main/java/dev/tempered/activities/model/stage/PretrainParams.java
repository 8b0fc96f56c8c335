package dev.tempered.activities.model.stage;

import dev.tempered.activities.catalog.StageCatalog;
import dev.tempered.activities.model.AdamW;
import java.util.Map;

/**
 * The {@code pretrain} stage's parameters, typed; defaults and ranges live in the stage catalog.
 *
 * @param evalFraction the last part of the tokens, held out for validation loss
 * @param device {@code cpu} or {@code gpu} (see {@link ModelDevice})
 */
public record PretrainParams(int layers, int heads, int width, int context, double dropout, int steps, int batchSize,
        int microBatches, double learningRate, int warmupSteps, double minLrFraction, double weightDecay, double gradClip,
        long seed, int checkpointEvery, int evalEvery, double evalFraction, String device) {

    /** From catalog-normalised params (every key present). */
    public static PretrainParams of(Map<String, Object> p) {
        return new PretrainParams(i(p, "layers"), i(p, "heads"), i(p, "width"), i(p, "context"), d(p, "dropout"),
                i(p, "steps"), i(p, "batch_size"), i(p, "micro_batches"), d(p, "learning_rate"), i(p, "warmup_steps"),
                d(p, "min_lr_fraction"), d(p, "weight_decay"), d(p, "grad_clip"), ((Number) p.get("seed")).longValue(),
                i(p, "checkpoint_every"), i(p, "eval_every"), d(p, "eval_fraction"),
                String.valueOf(p.get(StageCatalog.DEVICE_PARAM)));
    }

    /** nanoGPT's betas and PyTorch's epsilon, with this run's decay. */
    public AdamW.Settings adamW() {
        AdamW.Settings d = AdamW.Settings.defaults();
        return new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), weightDecay);
    }

    private static int i(Map<String, Object> p, String name) {
        Object v = p.get(name);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("pretrain param '" + name + "' is missing or not a number: " + v);
        return Math.toIntExact(n.longValue());
    }

    private static double d(Map<String, Object> p, String name) {
        Object v = p.get(name);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("pretrain param '" + name + "' is missing or not a number: " + v);
        return n.doubleValue();
    }
}
