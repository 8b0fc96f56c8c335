package dev.tempered.bench.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.Sampler;
import dev.tempered.activities.model.TokenWindows;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tempered's side of {@code bench/model/run-model-bench.sh}: training and sampling speed of the
 * demo-shaped GPT on one device, in one JVM. It also writes what the PyTorch twin needs to start
 * from the same place: the initial weights ({@code init.ckpt}), the token stream and the first
 * batch with the loss Tempered computed on it. Results go to {@code <out>/tempered-<device>-r<round>.json}.
 *
 * <pre>java -cp ... dev.tempered.bench.model.ModelBench OUT_DIR [cpu|gpu] [vocab] [batch] [steps] [round]</pre>
 *
 * <p>Not measured: micro-batch accumulation, checkpoint I/O, the Temporal stage around it.
 */
public final class ModelBench {
    private static final int WARMUP_STEPS = 5;
    private static final int SAMPLE_REPS = 3;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String deviceName = args.length > 1 ? args[1] : "cpu";
        int vocab = args.length > 2 ? Integer.parseInt(args[2]) : 8192;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        String round = args.length > 5 ? args[5] : "1";
        Files.createDirectories(out);
        Device device = "gpu".equals(deviceName) ? Device.gpu() : Device.cpu();
        if (device.isGpu() && Engine.getInstance().getGpuCount() == 0) {
            throw new IllegalStateException(
                    "gpu asked for, but DJL sees no CUDA device (CPU build of libtorch loaded?)");
        }
        GptConfig config = GptConfig.demo(vocab);
        int t = config.contextLength();
        Random r = new Random(1);
        int[] tokens = new int[200_000];
        for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(vocab);
        writeInts(out.resolve("tokens.bin"), tokens);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("side", "tempered");
        result.put("device", deviceName);
        result.put(
                "engine",
                Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion());
        result.put("threads", JniUtils.getNumThreads());
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
                        t,
                        "vocab",
                        vocab));
        result.put("parameters", config.parameterCount());
        result.put("batch", batch);
        result.put("flops_per_token", config.trainingFlopsPerToken());
        try (NDManager manager = NDManager.newBaseManager(device);
                Gpt model = Gpt.initialize(config, 1, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, 1, 0)) {
            TokenWindows loader = new TokenWindows(List.of(tokens), t, 1);
            Checkpoint.of(trainer, loader, 1).write(out.resolve("init.ckpt"));
            TokenWindows.Batch first = loader.next(batch);
            writeInts(out.resolve("batch0-x.bin"), first.inputs());
            writeInts(out.resolve("batch0-y.bin"), first.targets());
            // Step 1's loss is the forward loss of the initial weights on the first batch: the twin must get the same.
            result.put("first_batch_loss", trainer.step(List.of(first)).loss());
            for (int s = 1; s < WARMUP_STEPS; s++) trainer.step(List.of(loader.next(batch)));
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) trainer.step(List.of(loader.next(batch)));
            double sec = (System.nanoTime() - t0) / 1e9;
            result.put("train_steps", steps);
            result.put("train_tokens_per_s", (double) steps * batch * t / sec);

            Sampler sampler = new Sampler(model);
            int[] prompt = {1, 2, 3, 4};
            int n = t - prompt.length;
            for (boolean cache : new boolean[] {true, false, true, false})
                sampler.generate(prompt, Sampler.Options.greedy(n), cache);
            for (boolean cache : new boolean[] {true, false}) {
                long s0 = System.nanoTime();
                for (int i = 0; i < SAMPLE_REPS; i++) sampler.generate(prompt, Sampler.Options.greedy(n), cache);
                result.put(
                        cache ? "sample_kv_tokens_per_s" : "sample_nokv_tokens_per_s",
                        SAMPLE_REPS * n / ((System.nanoTime() - s0) / 1e9));
            }
            result.put("sample_tokens", n);
            result.put("matmul_flops_per_s", matmulFlops(manager, device.isGpu() ? 4096 : 1024));
        }
        result.put("peak_rss_mb", PeakRss.megabytes());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(
                out.resolve("tempered-" + deviceName + "-r" + round + ".json").toFile(), result);
        System.out.println(json.writeValueAsString(result));
    }

    /**
     * The MFU denominator: the best of a few timed rounds of an n³ fp32 matmul on the same device
     * and threads. A shared VM's datasheet peak is unknowable from inside it, and on a GPU this is
     * what fp32 (TF32 where libtorch enables it) actually reaches.
     */
    private static double matmulFlops(NDManager manager, int n) {
        double best = 0;
        for (int rep = 0; rep < 4; rep++) {
            try (NDScope scope = new NDScope()) {
                NDArray a = manager.randomNormal(new Shape(n, n));
                NDArray b = manager.randomNormal(new Shape(n, n));
                a.matMul(b).getFloat(0, 0);
                long g0 = System.nanoTime();
                NDArray c = a;
                for (int i = 0; i < 10; i++) c = a.matMul(b);
                c.getFloat(0, 0); // waits for the device
                if (rep > 0) best = Math.max(best, 10 * 2.0 * n * n * n / ((System.nanoTime() - g0) / 1e9));
            }
        }
        return best;
    }

    private static void writeInts(Path file, int[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) buf.putInt(v);
        Files.write(file, buf.array());
    }

    /** Peak resident set size of this process (VmHWM), the same number the twin reads for itself. */
    static final class PeakRss {
        static double megabytes() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
            return Double.NaN;
        }
    }
}
