package dev.tempered.activities.chat.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.training.TrainingSnapshot;
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
 * A reward model and everything to continue training it exactly, in one file.
 *
 * <h2>Format {@code tempered.reward-model v1}</h2>
 * <pre>
 *   "tempered.reward-model v1\n"        25 ASCII bytes
 *   header length H                      8 bytes, little-endian unsigned
 *   header                               H bytes of UTF-8 JSON: format, version, offset,
 *                                        head {weight [C floats], bias}, head_adam {m, v} (absent before step 1)
 *   trunk                                a whole tempered.checkpoint v1 (the GPT trunk, its AdamW moments,
 *                                        step, seed, the loader position over rankings, the chat origin)
 * </pre>
 * The trunk is a chat model's checkpoint, so its header names the tokenizer digest and render
 * version the reward model reads conversations with. {@code offset} is subtracted from every score
 * (demonstrations average 0 after training; 0 in training checkpoints).
 */
public record RewardCheckpoint(
        Checkpoint trunk, float[] headWeight, float headBias, float[][] headMoments, double offset)
        implements TrainingSnapshot {
    public static final String FORMAT = "tempered.reward-model";
    public static final int VERSION = 1;
    static final String MAGIC = FORMAT + " v" + VERSION + "\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A snapshot of {@code model} trained by {@code optimizer} for {@code step} updates. */
    public static RewardCheckpoint of(
            RewardModel model,
            AdamW optimizer,
            long step,
            long seed,
            TokenWindows.Position loader,
            ModelOrigin origin,
            double offset) {
        AdamW.State all = optimizer.state();
        Map<String, float[]> m = new LinkedHashMap<>(all.firstMoments());
        Map<String, float[]> v = new LinkedHashMap<>(all.secondMoments());
        float[][] head = null;
        if (m.containsKey(RewardModel.HEAD_WEIGHT)) {
            float[] bm = m.remove(RewardModel.HEAD_BIAS);
            float[] bv = v.remove(RewardModel.HEAD_BIAS);
            head = new float[][] {m.remove(RewardModel.HEAD_WEIGHT), v.remove(RewardModel.HEAD_WEIGHT), bm, bv};
        }
        Checkpoint trunk = new Checkpoint(
                model.config(),
                step,
                seed,
                loader,
                model.trunk().values(),
                new AdamW.State(all.settings(), all.step(), m, v),
                origin);
        return new RewardCheckpoint(trunk, model.headWeight(), model.headBias(), head, offset);
    }

    public GptConfig config() {
        return trunk.config();
    }

    public ModelOrigin origin() {
        return trunk.origin();
    }

    @Override
    public long step() {
        return trunk.step();
    }

    /** The same model and state with a new score offset (the final, normalised artifact). */
    public RewardCheckpoint withOffset(double newOffset) {
        return new RewardCheckpoint(trunk, headWeight, headBias, headMoments, newOffset);
    }

    /** The optimizer state over trunk and head together, as {@link AdamW#restore} takes it. */
    public AdamW.State optimizer() {
        AdamW.State t = trunk.optimizer();
        Map<String, float[]> m = new LinkedHashMap<>(t.firstMoments());
        Map<String, float[]> v = new LinkedHashMap<>(t.secondMoments());
        if (headMoments != null) {
            m.put(RewardModel.HEAD_WEIGHT, headMoments[0]);
            v.put(RewardModel.HEAD_WEIGHT, headMoments[1]);
            m.put(RewardModel.HEAD_BIAS, headMoments[2]);
            v.put(RewardModel.HEAD_BIAS, headMoments[3]);
        }
        return new AdamW.State(t.settings(), t.step(), m, v);
    }

    @Override
    public Optional<String> firstNonFinite() {
        for (float x : headWeight) if (!Float.isFinite(x)) return Optional.of("parameter " + RewardModel.HEAD_WEIGHT);
        if (!Float.isFinite(headBias)) return Optional.of("parameter " + RewardModel.HEAD_BIAS);
        if (headMoments != null) {
            for (float[] a : headMoments)
                for (float x : a) if (!Float.isFinite(x)) return Optional.of("optimizer moment of the reward head");
        }
        return trunk.firstNonFinite();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", VERSION);
        h.put("offset", offset);
        ObjectNode head = h.putObject("head");
        floats(head.putArray("weight"), headWeight);
        head.put("bias", headBias);
        if (headMoments != null) {
            ObjectNode adam = h.putObject("head_adam");
            floats(adam.putArray("weight_m"), headMoments[0]);
            floats(adam.putArray("weight_v"), headMoments[1]);
            adam.put("bias_m", headMoments[2][0]);
            adam.put("bias_v", headMoments[3][0]);
        }
        byte[] header = JSON.writeValueAsBytes(h);
        out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length)
                .array());
        out.write(header);
        trunk.write(out);
    }

    /** Reads and verifies a reward model; {@code source} names it in errors. */
    public static RewardCheckpoint read(InputStream in, String source) throws IOException {
        String line = new String(in.readNBytes(MAGIC.length()), StandardCharsets.US_ASCII);
        if (!line.equals(MAGIC)) {
            throw new CheckpointFormatException(
                    source + " is not a reward model: it does not start with '" + MAGIC.strip() + "'"
                            + (line.startsWith(Checkpoint.FORMAT) ? " (it is a chat or base checkpoint)" : ""));
        }
        byte[] len = in.readNBytes(8);
        if (len.length < 8) throw new CheckpointFormatException(source + " is truncated in its header length");
        long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n <= 0 || n > (16 << 20))
            throw new CheckpointFormatException(source + ": header length " + n + " is not plausible");
        byte[] header = in.readNBytes((int) n);
        if (header.length < n) throw new CheckpointFormatException(source + " is truncated in its header");
        JsonNode h = JSON.readTree(header);
        Checkpoint trunk = Checkpoint.read(in, source + " (trunk)");
        float[] w = floats(h.path("head").path("weight"));
        if (w.length != trunk.config().width()) {
            throw new CheckpointFormatException(source + ": reward head has " + w.length
                    + " weights for a trunk of width " + trunk.config().width());
        }
        float[][] moments = null;
        JsonNode adam = h.get("head_adam");
        if (adam != null) {
            moments = new float[][] {
                floats(adam.path("weight_m")),
                floats(adam.path("weight_v")),
                {(float) adam.path("bias_m").asDouble()},
                {(float) adam.path("bias_v").asDouble()}
            };
        }
        return new RewardCheckpoint(
                trunk,
                w,
                (float) h.path("head").path("bias").asDouble(),
                moments,
                h.path("offset").asDouble());
    }

    private static void floats(ArrayNode into, float[] values) {
        for (float x : values) into.add(x);
    }

    private static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) n.get(i).asDouble();
        return out;
    }
}
