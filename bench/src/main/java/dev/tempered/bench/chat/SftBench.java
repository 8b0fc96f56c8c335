package dev.tempered.bench.chat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.activities.chat.sft.PackedConversations;
import dev.tempered.activities.chat.sft.SftSchedule;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.TokenWindows;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tempered's side of {@code bench/chat/run-sft-bench.sh}: SFT training speed (masked loss over
 * packed conversations, {@link GptTrainer#stepMasked}) of the demo-shaped GPT on the CPU. It
 * writes what the PyTorch twin ({@code sft_twin_speed.py}) needs to train on exactly the same
 * thing: the initial weights ({@code init.ckpt}) and every batch ({@code batches.bin}: per step the
 * inputs, targets and mask as int32 LE), and the loss of step 1, which the twin must match.
 *
 * <p>The conversations are conversation-shaped token sequences (BOS, a prompt with mask 0, a reply
 * with mask 1, one to four turns, 20–129 tokens), packed by {@link PackedConversations} as the
 * stage packs them; token ids are random, which changes nothing about speed. Tokens per second
 * count every position of a window, padding included, the same way on both sides.
 *
 * <pre>java -cp ... dev.tempered.bench.chat.SftBench OUT_DIR [vocab] [batch] [steps] [round]</pre>
 */
public final class SftBench {
    private static final int WARMUP_STEPS = 5;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String round = args.length > 4 ? args[4] : "1";
        Files.createDirectories(out);
        GptConfig config = GptConfig.demo(vocab);
        int t = config.contextLength();
        int total = WARMUP_STEPS + steps;
        PackedConversations packer = new PackedConversations(conversations(vocab, t), t, vocab - 1, 1);
        List<MaskedBatch> batches = new ArrayList<>();
        for (int s = 0; s < total; s++) batches.add(packer.next(batch));
        writeBatches(out.resolve("batches.bin"), batches);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("side", "tempered");
        result.put(
                "engine",
                Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion());
        result.put("threads", JniUtils.getNumThreads());
        result.put("vocab", vocab);
        result.put("batch", batch);
        result.put("context", t);
        long masked = 0;
        for (MaskedBatch b : batches) masked += b.maskedTokens();
        result.put("masked_share", (double) masked / ((long) total * batch * t));
        SftSchedule schedule = new SftSchedule(1e-3, 0, total);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 1, manager);
                AdamW opt = new AdamW(new AdamW.Settings(0.9, 0.95, 1e-8, 0.0), manager);
                GptTrainer trainer = new GptTrainer(model, opt, schedule, 1.0, 1, 0)) {
            Checkpoint.of(trainer, new TokenWindows.Position(0, 0), 1, ModelOrigin.BASE)
                    .write(out.resolve("init.ckpt"));
            result.put(
                    "first_step_loss",
                    trainer.stepMasked(List.of(batches.get(0))).loss());
            for (int s = 1; s < WARMUP_STEPS; s++) trainer.stepMasked(List.of(batches.get(s)));
            long t0 = System.nanoTime();
            double last = 0;
            for (int s = WARMUP_STEPS; s < total; s++)
                last = trainer.stepMasked(List.of(batches.get(s))).loss();
            double sec = (System.nanoTime() - t0) / 1e9;
            result.put("train_steps", steps);
            result.put("last_step_loss", last);
            result.put("train_tokens_per_s", (double) steps * batch * t / sec);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("tempered-r" + round + ".json").toFile(), result);
        System.out.println(json.writeValueAsString(result));
    }

    /** 2,000 conversation-shaped sequences; the last id is BOS, as a tokenizer puts its specials last. */
    static List<RenderedConversation> conversations(int vocab, int context) {
        Random r = new Random(3);
        List<RenderedConversation> out = new ArrayList<>();
        for (int c = 0; c < 2000; c++) {
            int n = 20 + r.nextInt(context - 19 + 1);
            int[] ids = new int[n];
            byte[] mask = new byte[n];
            ids[0] = vocab - 1;
            int turns = 1 + r.nextInt(4);
            int per = (n - 1) / turns;
            for (int i = 1; i < n; i++) {
                ids[i] = r.nextInt(vocab - 16);
                int inTurn = (i - 1) % Math.max(1, per);
                mask[i] = (byte) (inTurn >= per / 3 ? 1 : 0); // the first third of a turn is the prompt
            }
            out.add(new RenderedConversation(ids, mask, RenderedConversation.Cut.NONE));
        }
        return out;
    }

    private static void writeBatches(Path file, List<MaskedBatch> batches) throws IOException {
        MaskedBatch first = batches.get(0);
        int n = first.batchSize() * first.length();
        ByteBuffer buf = ByteBuffer.allocate(batches.size() * n * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (MaskedBatch b : batches) {
            for (int v : b.inputs()) buf.putInt(v);
            for (int v : b.targets()) buf.putInt(v);
            for (float v : b.mask()) buf.putInt((int) v);
        }
        Files.write(file, buf.array());
    }
}
