package dev.tempered.activities.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop every model stage shares: steps a {@link TrainingTask} to
 * {@link TrainingConfig#steps()}, evaluates and checkpoints on the config's cadence (and always at
 * the last step), stops on divergence, and hands metrics, checkpoints and progress to a
 * {@link TrainingListener}.
 *
 * <p>Per step, in this order: the update and its metrics ({@code loss}, {@code lr},
 * {@code grad_norm}, {@code tokens_per_s}, then the task's own), evaluation metrics, the
 * checkpoint (metrics flushed first), the periodic metrics flush, progress.
 *
 * <p>Divergence: an update whose loss or gradient norm is not finite is refused by the task
 * ({@link NonFiniteUpdateException}); a snapshot holding a NaN or infinity is never published
 * (a finite loss does not prove finite weights: the update after it may overflow). Either way the
 * metrics so far are stored and {@link TrainingDivergedException} names the update and the last
 * good checkpoint.
 *
 * <p>Early stop: a task may end the run before the last step ({@link TrainingTask#stopReason}); that
 * step is checkpointed whatever the cadence and the outcome carries the reason.
 *
 * <p>Resume: the task is built at the checkpoint's step and data position, and the loop is given
 * the progress that checkpoint was published with; the run then repeats no step and stores no
 * metric twice. Not here: building or restoring the task (model-specific), where checkpoints and
 * metrics go (the listener's), several tasks at once.
 */
public final class TrainingLoop {
    private final TrainingConfig config;
    private final TrainingListener listener;

    public TrainingLoop(TrainingConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /**
     * Trains {@code task} from its current step to the configured number of steps.
     *
     * @param resumeFrom the progress of the checkpoint the task was restored from, or
     *     {@link TrainingProgress#START} for a fresh task
     * @throws TrainingDivergedException when an update or the weights after it are not finite
     */
    public TrainingOutcome run(TrainingTask task, TrainingProgress resumeFrom) {
        long start = task.stepsDone();
        if (resumeFrom.checkpoint() == null ? start != 0 : start != resumeFrom.step()) {
            throw new IllegalArgumentException(
                    "the task is at step " + start + " but the progress to resume from is at step " + resumeFrom.step()
                            + " (checkpoint " + resumeFrom.checkpoint() + "); restore the task from that checkpoint");
        }
        TrainingProgress progress = resumeFrom;
        List<Metric> pending = new ArrayList<>();
        StepResult last = null;
        Map<String, Double> lastEvaluation = Map.of();
        long tokens = 0;
        long stepNanos = 0;
        long step = start;
        // A task restored from the checkpoint its guard stopped at says so again: the run stays stopped.
        java.util.Optional<String> stopped = task.stopReason();
        if (stopped.isPresent()) return new TrainingOutcome(start, null, Map.of(), progress, 0, 0, stopped.get());
        while (step < config.steps()) {
            long t0 = System.nanoTime();
            StepResult r;
            try {
                r = task.step();
            } catch (NonFiniteUpdateException e) {
                flush(pending);
                throw new TrainingDivergedException(
                        step + 1, config.steps(), e.what() + ", so the update was not applied", progress, e);
            }
            long nanos = System.nanoTime() - t0;
            step++;
            if (task.stepsDone() != step) {
                throw new IllegalStateException("the task reports " + task.stepsDone() + " updates after update " + step
                        + "; TrainingTask.step() must apply exactly one");
            }
            if (!Double.isFinite(r.loss()) || !Double.isFinite(r.gradNorm())) {
                // A task that breaks the contract and applies such an update still must not reach a checkpoint.
                flush(pending);
                throw new TrainingDivergedException(
                        step,
                        config.steps(),
                        "loss is " + r.loss() + " and gradient norm is " + r.gradNorm()
                                + ", and the task applied the update",
                        progress,
                        null);
            }
            tokens += r.tokens();
            stepNanos += nanos;
            last = r;
            pending.add(new Metric(step, "loss", r.loss()));
            pending.add(new Metric(step, "lr", r.learningRate()));
            pending.add(new Metric(step, "grad_norm", r.gradNorm()));
            if (r.tokens() > 0) pending.add(new Metric(step, "tokens_per_s", r.tokens() / (nanos / 1e9)));
            for (Map.Entry<String, Double> m : r.metrics().entrySet())
                pending.add(new Metric(step, m.getKey(), m.getValue()));

            if (config.evaluatesAt(step)) {
                Map<String, Double> evaluation = task.evaluate();
                if (!evaluation.isEmpty()) lastEvaluation = evaluation;
                for (Map.Entry<String, Double> m : evaluation.entrySet())
                    pending.add(new Metric(step, m.getKey(), m.getValue()));
            }
            java.util.Optional<String> stop = task.stopReason();
            if (config.checkpointsAt(step) || stop.isPresent()) progress = checkpoint(task, step, r, progress, pending);
            if (config.flushesMetricsAt(step)) flush(pending);
            double seconds = stepNanos / 1e9;
            listener.progress(
                    new TrainingPulse(step, config.steps(), r.loss(), tokens / seconds, seconds / (step - start)),
                    progress);
            if (stop.isPresent()) {
                flush(pending);
                return new TrainingOutcome(start, last, lastEvaluation, progress, tokens, stepNanos, stop.get());
            }
        }
        flush(pending);
        return new TrainingOutcome(start, last, lastEvaluation, progress, tokens, stepNanos, null);
    }

    private TrainingProgress checkpoint(
            TrainingTask task, long step, StepResult r, TrainingProgress progress, List<Metric> pending) {
        TrainingSnapshot snapshot = task.snapshot();
        if (snapshot.step() != step) {
            throw new IllegalStateException("the task's snapshot is at step " + snapshot.step() + ", expected " + step);
        }
        Optional<String> bad = snapshot.firstNonFinite();
        if (bad.isPresent()) {
            flush(pending);
            throw new TrainingDivergedException(
                    step,
                    config.steps(),
                    "after the update " + bad.get() + " holds a NaN or infinity, so no checkpoint was written for it",
                    progress,
                    null);
        }
        // Metrics up to the checkpoint are stored before anything names it: a run resumed from it
        // starts after this step and would otherwise never record the unflushed ones.
        flush(pending);
        String id = listener.publishCheckpoint(snapshot, r);
        return progress.withCheckpoint(step, id);
    }

    private void flush(List<Metric> pending) {
        if (pending.isEmpty()) return;
        listener.recordMetrics(List.copyOf(pending));
        pending.clear();
    }
}
