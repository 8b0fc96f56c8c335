package dev.tempered.bench.rl;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.chat.ppo.PpoTrainingTask;
import dev.tempered.activities.chat.ppo.PpoUpdate;
import dev.tempered.activities.chat.ppo.stage.PpoParams;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rlvr.Rollout;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.bench.chat.ChatBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tempered's side of {@code bench/rl/run-rl-bench.sh}: the two halves of a PPO step on the
 * demo-shaped GPT with seed-1 weights, with PPO's default settings ({@link PpoParams#DEFAULTS}):
 * <ul>
 *   <li><b>rollout</b>: one sampled reply (temperature 0.7, no top-k) per prompt for 16 and 64
 *       left-padded prompts through {@link ChatEngine}, the engine PPO's rollouts use, with its KV
 *       cache; tokens/s = rows × new tokens ÷ the wall time of a whole {@code generate};
 *   <li><b>optimisation</b>: {@link PpoUpdate#learn}, the code a PPO step runs after sampling, on
 *       the 16 rollouts sampled above with fixed scores: no-grad forward of policy, frozen
 *       reference and value head over the batch, KL-shaped rewards, GAE, whitening, then clipped
 *       policy and value losses, backward and AdamW over policy and critic. Timed twice: one epoch
 *       of one minibatch (every row, one update) and PPO's defaults (4 epochs × 2 minibatches).
 * </ul>
 * Also the batch-64 rollout decoded greedily, which shows what the sampling itself costs. Each
 * measurement: one warm-up run, then the best of at least {@link ChatBench#MIN_REPS} runs and
 * {@link ChatBench#MIN_SECONDS} seconds. Writes what the PyTorch twin needs to do the same
 * ({@code init.ckpt}, {@code prompts.json}, {@code critic.json}, {@code rollouts.json}) and
 * {@code tempered-cpu-r<round>.json}.
 *
 * <pre>java -cp ... dev.tempered.bench.rl.RlBench OUT_DIR [vocab] [round]</pre>
 *
 * <p>The chat specials are ids outside the vocabulary (as in {@link ChatBench}): a random model
 * never stops early nor calls the tool, so both sides sample exactly rows × new tokens.
 *
 * <p>Not measured: the reward model's scoring pass, the held-out evaluation, tool calls.
 */
public final class RlBench {
    static final int[] ROLLOUT_BATCHES = {16, 64};
    /** The critic's head seed: any fixed value, written to {@code critic.json} for the twin. */
    static final long CRITIC_SEED = 7;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        String round = args.length > 2 ? args[2] : "1";
        Files.createDirectories(out);
        PpoParams p = PpoParams.DEFAULTS;
        GptConfig config = GptConfig.demo(vocab);
        int newTokens = p.maxTokens();
        List<int[]> prompts = ChatBench.prompts(64, vocab, config.contextLength() - newTokens);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("prompts.json").toFile(), prompts);

        Map<String, Object> result = ChatBench.cpuResult();
        result.put("vocab", vocab);
        result.put("new_tokens", newTokens);
        result.put("temperature", p.temperature());
        try (NDManager manager = NDManager.newBaseManager();
                Gpt policy = Gpt.initialize(config, 1, manager)) {
            ChatBench.writeWeights(policy, manager, out.resolve("init.ckpt"));
            Map<String, float[]> start = policy.values();
            RewardModel critic = RewardModel.fromChatModel(config, start, CRITIC_SEED, manager);
            json.writeValue(
                    out.resolve("critic.json").toFile(),
                    Map.of("weight", critic.headWeight(), "bias", critic.headBias()));
            Gpt reference = Gpt.fromValues(config, start, manager);

            ChatEngine engine = new ChatEngine(policy, ChatBench.unreachableSpecials());
            List<Rollout> rollouts = null;
            for (int b : ROLLOUT_BATCHES) {
                List<GenerationRequest> rows = new ArrayList<>();
                for (int i = 0; i < b; i++) rows.add(new GenerationRequest(prompts.get(i), i));
                List<Generation> generated = engine.generate(rows, p.sampling(), GenerationListener.NONE); // warm-up
                List<Generation> first = generated;
                double best = bestSeconds(() -> engine.generate(rows, p.sampling(), GenerationListener.NONE));
                for (Generation g : first) {
                    if (g.tokens().length != newTokens) {
                        throw new IllegalStateException("a row stopped after " + g.tokens().length + " of " + newTokens
                                + " tokens (" + g.stop() + "): the two sides would not do the same work");
                    }
                }
                result.put("rollout_batch_" + b + "_tokens_per_s", b * newTokens / best);
                if (b == p.promptsPerStep()) rollouts = scored(prompts, first);
            }
            // The same batch-64 rollout decoded greedily (argmax in libtorch): what sampling itself costs.
            List<GenerationRequest> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) all.add(new GenerationRequest(prompts.get(i), i));
            EngineSettings greedy = EngineSettings.greedy(newTokens);
            engine.generate(all, greedy, GenerationListener.NONE); // warm-up
            result.put(
                    "greedy_batch_64_tokens_per_s",
                    64 * newTokens / bestSeconds(() -> engine.generate(all, greedy, GenerationListener.NONE)));
            writeRollouts(json, out.resolve("rollouts.json"), rollouts);

            // One minibatch of every row first, from the initial weights: its first loss is the parity check.
            learn(result, "minibatch", 1, 1, policy, reference, critic, rollouts, manager);
            learn(result, "ppo_step", p.ppoEpochs(), p.minibatches(), policy, reference, critic, rollouts, manager);
            critic.close();
            reference.close();
        }
        result.put("peak_rss_mb", ChatBench.peakRssMb());
        json.writeValue(out.resolve("tempered-cpu-r" + round + ".json").toFile(), result);
        System.out.println(json.writeValueAsString(result));
    }

    /** Times {@link PpoUpdate#learn} with {@code epochs} × {@code minibatches} updates per call; a fresh AdamW. */
    private static void learn(
            Map<String, Object> result,
            String name,
            int epochs,
            int minibatches,
            Gpt policy,
            Gpt reference,
            RewardModel critic,
            List<Rollout> rollouts,
            NDManager manager) {
        PpoParams p = PpoParams.DEFAULTS;
        PpoTrainingTask.Settings settings = p.settings().withUpdates(epochs, minibatches);
        try (AdamW optimizer = new AdamW(p.adamW(), manager);
                PpoUpdate update = new PpoUpdate(policy, reference, critic, optimizer, settings)) {
            long[] step = {0};
            PpoUpdate.Result first = update.learn(rollouts, p.klCoef(), step[0]++, p.learningRate()); // warm-up
            double best = bestSeconds(() -> update.learn(rollouts, p.klCoef(), step[0]++, p.learningRate()));
            result.put(name + "_updates", epochs * minibatches);
            result.put(name + "_trained_tokens", first.trained());
            result.put(name + "_first_loss", first.loss());
            result.put(name + "_first_kl", first.meanKl());
            result.put(name + "_ms", best * 1000);
        }
    }

    /** The least wall time of at least {@link ChatBench#MIN_REPS} runs and {@link ChatBench#MIN_SECONDS} seconds. */
    private static double bestSeconds(Runnable run) {
        double best = Double.MAX_VALUE;
        long until = System.nanoTime() + (long) (ChatBench.MIN_SECONDS * 1e9);
        for (int rep = 0; rep < ChatBench.MIN_REPS || System.nanoTime() < until; rep++) {
            long t0 = System.nanoTime();
            run.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** Rollouts with fixed scores ~ N(0, 1) (seed 3): the reward model's pass is not what is measured. */
    private static List<Rollout> scored(List<int[]> prompts, List<Generation> generated) {
        Random r = new Random(3);
        List<Rollout> out = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++)
            out.add(new Rollout(prompts.get(i), generated.get(i), r.nextGaussian()));
        return out;
    }

    private static void writeRollouts(ObjectMapper json, Path file, List<Rollout> rollouts) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Rollout r : rollouts)
            rows.add(Map.of("prompt", r.prompt(), "reply", r.generation().tokens(), "score", r.reward()));
        json.writeValue(file.toFile(), rows);
    }
}
