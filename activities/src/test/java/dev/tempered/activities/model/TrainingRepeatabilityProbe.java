package dev.tempered.activities.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A measurement, not part of the suite: the worker-kill test's model (2 layers, width 64, context
 * 64, batch 8, vocab 512) trained {@code STEPS} steps {@code REPEATS} times in one JVM, printing the
 * first step whose loss differs from the first run's; the first run's losses (double bits, hex) go
 * to {@code OUT} for comparisons across processes (docs/deploy.md, determinism).
 *
 * <p>Arguments: {@code STEPS REPEATS THREAD LOAD [OUT]}; THREAD is {@code main} (the engine-init
 * thread), {@code fresh} (a new thread per run) or {@code pool} (one executor thread, as Temporal
 * runs activities); LOAD is {@code none}, {@code gc} (another thread collects every 20 ms),
 * {@code alloc} (another thread allocates direct buffers and arrays) or {@code spin}. Classpath: the
 * activities test and main classes and app/target/lib/*.
 */
public final class TrainingRepeatabilityProbe {
    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        int repeats = Integer.parseInt(args[1]);
        String thread = args[2]; // main | fresh | pool
        String load = args[3]; // none | gc | alloc | spin
        Path out = args.length > 4 ? Path.of(args[4]) : null;
        if (!System.getProperty("probe.init", "main").equals("lazy")) Engine.getInstance();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> loaders = new ArrayList<>();
        if (!load.equals("none")) {
            Thread t = new Thread(() -> {
                Random r = new Random();
                List<Object> keep = new ArrayList<>();
                long x = 0;
                while (!stop.get()) {
                    if (load.equals("gc")) {
                        System.gc();
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else if (load.equals("alloc")) {
                        keep.add(ByteBuffer.allocateDirect(1 + r.nextInt(1 << 16)));
                        keep.add(new byte[r.nextInt(1 << 16)]);
                        if (keep.size() > 200) keep.subList(0, 100).clear();
                    } else {
                        x += Math.sqrt(x + 1);
                    }
                }
                if (x == 42) System.out.println();
            });
            t.setDaemon(true);
            t.start();
            loaders.add(t);
        }
        List<double[]> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        for (int k = 0; k < repeats; k++) {
            double[][] holder = new double[1][];
            Runnable train = () -> holder[0] = train(steps);
            switch (thread) {
                case "main" -> train.run();
                case "fresh" -> {
                    Thread t = new Thread(train);
                    t.start();
                    t.join();
                }
                case "pool" -> pool.submit(train).get();
                default -> throw new IllegalArgumentException(thread);
            }
            runs.add(holder[0]);
        }
        pool.shutdown();
        stop.set(true);
        System.out.println("threads " + JniUtils.getNumThreads() + " interop " + JniUtils.getNumInteropThreads());
        for (int k = 1; k < runs.size(); k++)
            System.out.println("run " + k + " vs 0: " + firstDiff(runs.get(0), runs.get(k)));
        if (out != null) {
            StringBuilder sb = new StringBuilder();
            for (double v : runs.get(0))
                sb.append(Long.toHexString(Double.doubleToLongBits(v))).append('\n');
            Files.writeString(out, sb);
            System.out.println("wrote " + out);
        }
    }

    static String firstDiff(double[] a, double[] b) {
        for (int s = 0; s < a.length; s++) {
            if (Double.doubleToLongBits(a[s]) != Double.doubleToLongBits(b[s])) {
                return "first differing step " + (s + 1) + " (" + a[s] + " vs " + b[s] + ", rel "
                        + Math.abs(a[s] - b[s]) / a[s] + ")";
            }
        }
        return "identical over " + a.length + " steps";
    }

    static long taskCount() {
        try (var list = Files.list(Path.of("/proc/self/task"))) {
            return list.count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static int[] tokens(int vocab) {
        Random r = new Random(99);
        int[] t = new int[120_000];
        for (int i = 1; i < t.length; i++) t[i] = r.nextInt(4) == 0 ? r.nextInt(vocab) : (t[i - 1] * 7 + 3) % vocab;
        return t;
    }

    static double[] train(int steps) {
        GptConfig config = new GptConfig(2, 4, 64, 64, 512, 0.0);
        LearningRateSchedule schedule = new LearningRateSchedule(3e-3, 3e-4, 20, steps);
        double[] losses = new double[steps];
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 1337, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, schedule, 1.0, 1337, 0)) {
            TokenWindows loader = new TokenWindows(List.of(tokens(512)), 64, 1337);
            for (int s = 0; s < steps; s++) {
                losses[s] = trainer.step(List.of(loader.next(8))).loss();
                if (s == 5)
                    System.out.println(Thread.currentThread().getName() + ": omp threads " + JniUtils.getNumThreads()
                            + ", tasks " + taskCount());
            }
        }
        return losses;
    }
}
