package dev.tempered.activities.chat.ppo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.chat.reward.RewardCheckpoint;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.training.TrainingSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything PPO needs to continue exactly: the policy (a chat {@link Checkpoint} with its AdamW
 * moments, the prompt position and step), the critic (a {@link RewardCheckpoint} with its moments),
 * the KL controller and the guards' state.
 *
 * <h2>Format {@code tempered.ppo v1}</h2>
 * <pre>
 *   "tempered.ppo v1\n"; header length (8 bytes LE); header JSON {format, version, kl {value, target,
 *   horizon}, guards {first_score, first_length, best_accuracy, best_second_reward, best_score, best_step, stop_reason}};
 *   policy length (8 bytes LE); the policy's tempered.checkpoint v1; critic length (8 bytes LE); the
 *   critic's tempered.reward-model v1.
 * </pre>
 */
public record PpoCheckpoint(Checkpoint policy, RewardCheckpoint critic, KlController kl, PpoGuards.State guards)
        implements TrainingSnapshot {
    public static final String FORMAT = "tempered.ppo";
    public static final int VERSION = 1;
    static final String MAGIC = FORMAT + " v" + VERSION + "\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    static PpoCheckpoint of(
            PpoTrainingTask task, AdamW optimizer, long seed, TokenWindows.Position position, ModelOrigin origin) {
        AdamW.State all = optimizer.state();
        Map<String, float[]> pm = new LinkedHashMap<>();
        Map<String, float[]> pv = new LinkedHashMap<>();
        Map<String, float[]> cm = new LinkedHashMap<>();
        Map<String, float[]> cv = new LinkedHashMap<>();
        split(all.firstMoments(), pm, cm);
        split(all.secondMoments(), pv, cv);
        Checkpoint policy = new Checkpoint(
                task.policy().config(),
                task.stepsDone(),
                seed,
                position,
                task.policy().values(),
                new AdamW.State(all.settings(), all.step(), pm, pv),
                origin);
        Map<String, float[]> criticValues = task.critic().trunk().values();
        float[][] head = cm.containsKey(dev.tempered.activities.chat.reward.RewardModel.HEAD_WEIGHT)
                ? new float[][] {
                    cm.remove(dev.tempered.activities.chat.reward.RewardModel.HEAD_WEIGHT),
                    cv.remove(dev.tempered.activities.chat.reward.RewardModel.HEAD_WEIGHT),
                    cm.remove(dev.tempered.activities.chat.reward.RewardModel.HEAD_BIAS),
                    cv.remove(dev.tempered.activities.chat.reward.RewardModel.HEAD_BIAS)
                }
                : null;
        Checkpoint criticTrunk = new Checkpoint(
                task.critic().config(),
                task.stepsDone(),
                seed,
                position,
                criticValues,
                new AdamW.State(all.settings(), all.step(), cm, cv),
                origin);
        RewardCheckpoint critic = new RewardCheckpoint(
                criticTrunk, task.critic().headWeight(), task.critic().headBias(), head, 0);
        return new PpoCheckpoint(policy, critic, task.klController(), task.guards());
    }

    private static void split(Map<String, float[]> all, Map<String, float[]> policy, Map<String, float[]> critic) {
        all.forEach((k, v) -> {
            if (k.startsWith(PpoTrainingTask.POLICY)) policy.put(k.substring(PpoTrainingTask.POLICY.length()), v);
            else critic.put(k.substring(PpoTrainingTask.VALUE.length()), v);
        });
    }

    /** The AdamW state over policy and critic together, keyed as the task's parameter map. */
    public AdamW.State optimizer() {
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        policy.optimizer().firstMoments().forEach((k, x) -> m.put(PpoTrainingTask.POLICY + k, x));
        policy.optimizer().secondMoments().forEach((k, x) -> v.put(PpoTrainingTask.POLICY + k, x));
        AdamW.State c = critic.optimizer();
        c.firstMoments().forEach((k, x) -> m.put(PpoTrainingTask.VALUE + k, x));
        c.secondMoments().forEach((k, x) -> v.put(PpoTrainingTask.VALUE + k, x));
        return new AdamW.State(policy.optimizer().settings(), policy.optimizer().step(), m, v);
    }

    @Override
    public long step() {
        return policy.step();
    }

    @Override
    public Optional<String> firstNonFinite() {
        Optional<String> p = policy.firstNonFinite();
        return p.isPresent()
                ? p.map(s -> "policy " + s)
                : critic.firstNonFinite().map(s -> "critic " + s);
    }

    @Override
    public void write(OutputStream out) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", VERSION);
        ObjectNode k = h.putObject("kl");
        k.put("value", kl.value());
        k.put("target", kl.target());
        k.put("horizon", kl.horizon());
        ObjectNode g = h.putObject("guards");
        putDouble(g, "first_score", guards.firstScore());
        putDouble(g, "first_length", guards.firstLength());
        putDouble(g, "best_accuracy", guards.bestAccuracy());
        putDouble(g, "best_second_reward", guards.bestSecond());
        putDouble(g, "best_score", guards.bestScore());
        g.put("best_step", guards.bestStep());
        if (guards.stopReason() != null) g.put("stop_reason", guards.stopReason());
        out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        block(out, JSON.writeValueAsBytes(h));
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        policy.write(p);
        block(out, p.toByteArray());
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        critic.write(c);
        block(out, c.toByteArray());
    }

    public static PpoCheckpoint read(InputStream in, String source) throws IOException {
        String line = new String(in.readNBytes(MAGIC.length()), StandardCharsets.US_ASCII);
        if (!line.equals(MAGIC)) {
            throw new CheckpointFormatException(
                    source + " is not a PPO state: it does not start with '" + MAGIC.strip() + "'");
        }
        JsonNode h = JSON.readTree(block(in, source, "header"));
        Checkpoint policy =
                Checkpoint.read(new ByteArrayInputStream(block(in, source, "policy")), source + " (policy)");
        RewardCheckpoint critic =
                RewardCheckpoint.read(new ByteArrayInputStream(block(in, source, "critic")), source + " (critic)");
        JsonNode k = h.path("kl");
        JsonNode g = h.path("guards");
        PpoGuards.State guards = new PpoGuards.State(
                getDouble(g, "first_score"),
                getDouble(g, "first_length"),
                getDouble(g, "best_accuracy"),
                // States written before the second reward existed have none: NaN, "not measured".
                g.has("best_second_reward") ? getDouble(g, "best_second_reward") : Double.NaN,
                getDouble(g, "best_score"),
                g.path("best_step").asLong(),
                g.hasNonNull("stop_reason") ? g.get("stop_reason").asText() : null);
        return new PpoCheckpoint(
                policy,
                critic,
                new KlController(
                        k.path("value").asDouble(),
                        k.path("target").asDouble(),
                        k.path("horizon").asDouble()),
                guards);
    }

    /** Non-finite doubles as strings, since JSON has no NaN or infinity. */
    private static void putDouble(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) n.put(field, v);
        else n.put(field, Double.toString(v));
    }

    private static double getDouble(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }

    private static void block(OutputStream out, byte[] bytes) throws IOException {
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(bytes.length)
                .array());
        out.write(bytes);
    }

    private static byte[] block(InputStream in, String source, String what) throws IOException {
        byte[] len = in.readNBytes(8);
        if (len.length < 8) throw new CheckpointFormatException(source + " is truncated before its " + what);
        long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > Integer.MAX_VALUE - 8)
            throw new CheckpointFormatException(source + ": " + what + " length " + n);
        byte[] b = in.readNBytes((int) n);
        if (b.length < n) throw new CheckpointFormatException(source + " is truncated in its " + what);
        return b;
    }
}
