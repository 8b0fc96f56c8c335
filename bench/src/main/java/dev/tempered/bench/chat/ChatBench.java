package dev.tempered.bench.chat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.train.SplitPatterns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tempered's side of {@code bench/chat/run-chat-bench.sh}: batched greedy generation through
 * {@link ChatEngine} (one KV cache over all rows, left-padded prompts of different lengths) at
 * batch 1, 16 and 64, on the demo-shaped GPT with seed-1 weights; per batch size one warm-up run,
 * then the best of at least {@link #MIN_REPS} timed runs and {@link #MIN_SECONDS} seconds. Writes what the PyTorch twin
 * needs to run the same thing ({@code init.ckpt}, {@code prompts.json}), the tokens it generated
 * (so the twin can check it produced the same ones) and {@code tempered-cpu-r<round>.json}.
 *
 * <pre>java -cp ... dev.tempered.bench.chat.ChatBench OUT_DIR [vocab] [new tokens] [round]</pre>
 *
 * <p>Why the chat specials are ids outside the vocabulary: a randomly initialised model would
 * draw {@code <|assistant_end|>} or a tool call at random steps and the two sides would measure
 * different amounts of work; with no special reachable, every row generates exactly the budget,
 * and the tool path (never taken) needs no real tokenizer, only a byte-level one.
 *
 * <p>Not measured: sampling with temperature (Java-side choice per row), tool calls, SFT speed.
 */
public final class ChatBench {
    static final int[] BATCHES = {1, 16, 64};
    /**
     * Timed runs per batch size: at least this many, and more until this many seconds have passed;
     * the best run counts. On a shared 2-core machine a single run varies by 2× or more, and the
     * least disturbed run is the one that says what the code costs.
     */
    public static final int MIN_REPS = 3;

    public static final double MIN_SECONDS = 4;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        String round = args.length > 3 ? args[3] : "1";
        Files.createDirectories(out);
        GptConfig config = GptConfig.demo(vocab);
        List<int[]> prompts = prompts(64, vocab, config.contextLength() - newTokens);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("prompts.json").toFile(), prompts);

        Map<String, Object> result = cpuResult();
        result.put(
                "config",
                Map.of(
                        "layers",
                        config.layers(),
                        "heads",
                        config.heads(),
                        "width",
                        config.width(),
                        "context",
                        config.contextLength(),
                        "vocab",
                        vocab));
        result.put("new_tokens", newTokens);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 1, manager)) {
            writeWeights(model, manager, out.resolve("init.ckpt"));
            ChatEngine engine = new ChatEngine(model, unreachableSpecials());
            EngineSettings greedy = new EngineSettings(newTokens, 0, 0, 1, true, 4);
            for (int b : BATCHES) {
                List<GenerationRequest> rows = new ArrayList<>();
                for (int i = 0; i < b; i++) rows.add(new GenerationRequest(prompts.get(i), i));
                List<Generation> generated = engine.generate(rows, greedy, GenerationListener.NONE); // warm-up
                double best = Double.MAX_VALUE;
                long until = System.nanoTime() + (long) (MIN_SECONDS * 1e9);
                for (int rep = 0; rep < MIN_REPS || System.nanoTime() < until; rep++) {
                    long t0 = System.nanoTime();
                    generated = engine.generate(rows, greedy, GenerationListener.NONE);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                for (Generation g : generated) {
                    if (g.tokens().length != newTokens) {
                        throw new IllegalStateException("a row stopped after " + g.tokens().length + " of " + newTokens
                                + " tokens (" + g.stop() + "): the two sides would not do the same work");
                    }
                }
                result.put("batch_" + b + "_tokens_per_s", b * newTokens / best);
                if (b == BATCHES[BATCHES.length - 1]) {
                    List<int[]> tokens = new ArrayList<>();
                    for (Generation g : generated) tokens.add(g.tokens());
                    json.writeValue(out.resolve("tempered-tokens.json").toFile(), tokens);
                }
            }
        }
        result.put("peak_rss_mb", peakRssMb());
        json.writeValue(out.resolve("tempered-cpu-r" + round + ".json").toFile(), result);
        System.out.println(json.writeValueAsString(result));
    }

    /** A result record's first fields: Tempered on the CPU, its engine and intra-op threads. */
    public static Map<String, Object> cpuResult() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("side", "tempered");
        result.put("device", "cpu");
        result.put(
                "engine",
                Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion());
        result.put("threads", JniUtils.getNumThreads());
        return result;
    }

    /** Row i: 8 + (13·i mod 41) random ids, so a batch mixes lengths 8..48 and needs left padding. */
    public static List<int[]> prompts(int n, int vocab, int longest) {
        Random r = new Random(2);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] p = new int[Math.min(longest, 8 + (13 * i) % 41)];
            for (int j = 0; j < p.length; j++) p[j] = r.nextInt(vocab);
            out.add(p);
        }
        return out;
    }

    /** A renderer whose nine chat specials are negative ids, which no model can draw. */
    public static ChatRenderer unreachableSpecials() {
        List<byte[]> bytes = new ArrayList<>();
        for (int b = 0; b < 256; b++) bytes.add(new byte[] {(byte) b});
        BpeEncoder byteLevel = new BpeEncoder(new TokenizerSpec(SplitPatterns.GPT4, bytes, Map.of()));
        return new ChatRenderer(byteLevel, new ChatTokens(-1, -2, -3, -4, -5, -6, -7, -8, -9));
    }

    /** The weights in Tempered's checkpoint format, which the twin reads (make_reference.read_checkpoint). */
    public static void writeWeights(Gpt model, NDManager manager, Path file) throws IOException {
        try (AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, 1, 0)) {
            TokenWindows loader =
                    new TokenWindows(List.of(new int[model.config().contextLength() + 2]), 8, 1);
            Checkpoint.of(trainer, loader, 1).write(file);
        }
    }

    public static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
        return Double.NaN;
    }
}
