package dev.tempered.activities.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainingListener} that keeps everything in memory: each metric batch as delivered,
 * checkpoints as their written bytes under their sha256 (as the artifact store names them), the
 * progress after every step, and one line per call in call order. It can throw from
 * {@link #progress} at a chosen step, as a heartbeat does when its activity is cancelled.
 */
final class RecordingListener implements TrainingListener {
    /** Thrown from {@link #progress} at the chosen step. */
    static final class Stopped extends RuntimeException {
        Stopped(long step) {
            super("stopped after step " + step);
        }
    }

    final List<String> calls = new ArrayList<>();
    final List<Metric> metrics = new ArrayList<>();
    final Map<String, byte[]> checkpoints = new LinkedHashMap<>();
    final List<TrainingProgress> progress = new ArrayList<>();
    final List<TrainingPulse> pulses = new ArrayList<>();
    private final long stopAfterStep;

    /** @param stopAfterStep the step after which {@link #progress} throws {@link Stopped}; 0 for never */
    RecordingListener(long stopAfterStep) {
        this.stopAfterStep = stopAfterStep;
    }

    RecordingListener() {
        this(0);
    }

    @Override
    public void recordMetrics(List<Metric> batch) {
        metrics.addAll(batch);
        calls.add("metrics " + batch.get(0).step() + "-"
                + batch.get(batch.size() - 1).step());
    }

    @Override
    public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            snapshot.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        String id = sha256(bytes);
        checkpoints.put(id, bytes);
        long stored = metrics.isEmpty() ? 0 : metrics.get(metrics.size() - 1).step();
        calls.add("checkpoint " + snapshot.step() + " (metrics stored through step " + stored + ")");
        return id;
    }

    @Override
    public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {
        progress.add(lastCheckpoint);
        pulses.add(now);
        if (now.step() == stopAfterStep) throw new Stopped(now.step());
    }

    /** The values of one metric in delivery order, with their steps. */
    Map<Long, Double> series(String name) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            if (m.name().equals(name) && out.put(m.step(), m.value()) != null) {
                throw new AssertionError(name + " at step " + m.step() + " was delivered twice");
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
