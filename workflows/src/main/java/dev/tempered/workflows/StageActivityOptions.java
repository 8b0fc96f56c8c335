package dev.tempered.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries per stage, in one place, each with the reason for its value. */
public final class StageActivityOptions {
    /** Errors that a retry cannot fix: bad params, malformed specs, a missing input artifact. */
    public static final String[] NON_RETRYABLE = {
        "java.lang.IllegalArgumentException",
        "dev.tempered.storage.ArtifactNotFoundException",
        "dev.tempered.activities.InvalidStageInputException",
        // A gpu stage on a worker without a CUDA device: another attempt lands on the same kind of worker.
        "dev.tempered.activities.DeviceUnavailableException",
    };

    private StageActivityOptions() {}

    /** Lineage bookkeeping: short database calls. Retried for a long while so a database restart is survived. */
    public static ActivityOptions lineage() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                // A single insert or update; 30 s means the database is unreachable, so retry.
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(200))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(30))
                        // Roughly 15 minutes of retries: long enough for a database failover.
                        .setMaximumAttempts(40)
                        .setDoNotRetry(NON_RETRYABLE)
                        .build())
                .build();
    }

    /** Curation's short steps: listing shards and writing the report. */
    public static ActivityOptions curationBookkeeping() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU)
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setRetryOptions(stageRetries(5))
                .build();
    }

    /** Curation's per-shard work and the dedup step: long, CPU-bound, heartbeating. */
    public static ActivityOptions curationShard() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU)
                // A shard of web pages takes minutes; a whole crawl's dedup, longer.
                .setStartToCloseTimeout(Duration.ofHours(6))
                // Shards heartbeat after every chunk of documents; 60 s of silence is a dead worker.
                .setHeartbeatTimeout(Duration.ofSeconds(60))
                .setRetryOptions(stageRetries(5))
                .build();
    }

    /** Options for a stage's main activity. */
    public static ActivityOptions forStage(String stage) {
        return switch (stage) {
            case StageNames.INGEST -> ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CPU)
                    // A large crawl takes hours; the heartbeat, not this, detects a dead worker.
                    .setStartToCloseTimeout(Duration.ofHours(12))
                    // Ingest heartbeats at least every few seconds; 20 s without one means the worker
                    // is gone and the retry resumes from the last finished shard.
                    .setHeartbeatTimeout(Duration.ofSeconds(20))
                    .setRetryOptions(stageRetries(5))
                    .build();
            case StageNames.TRAIN_TOKENIZER, StageNames.TOKENIZE -> ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CPU)
                    // Training a 32k vocabulary on gigabytes takes hours; the heartbeat finds dead workers.
                    .setStartToCloseTimeout(Duration.ofHours(12))
                    // Both heartbeat at least every few seconds (merges done, shards encoded).
                    .setHeartbeatTimeout(Duration.ofSeconds(60))
                    .setRetryOptions(stageRetries(5))
                    .build();
            case StageNames.PRETRAIN -> ActivityOptions.newBuilder()
                    // The cpu queue unless the stage asks for a GPU (see forModelStage).
                    .setTaskQueue(TaskQueues.CPU)
                    // Real runs train for days; the heartbeat, not this, finds a dead worker.
                    .setStartToCloseTimeout(Duration.ofDays(7))
                    // Training heartbeats every few seconds and at every checkpoint; 60 s of silence
                    // is a dead worker, and the retry resumes from the last heartbeated checkpoint.
                    .setHeartbeatTimeout(Duration.ofSeconds(60))
                    .setRetryOptions(stageRetries(5))
                    .build();
            case StageNames.SAMPLE -> ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CPU)
                    // A few prompts of a few dozen tokens: seconds for the demo model, minutes for large ones.
                    .setStartToCloseTimeout(Duration.ofHours(1))
                    // Sampling heartbeats after every prompt.
                    .setHeartbeatTimeout(Duration.ofSeconds(60))
                    .setRetryOptions(stageRetries(3))
                    .build();
            case StageNames.NOOP -> ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CPU)
                    .setStartToCloseTimeout(Duration.ofMinutes(10))
                    .setHeartbeatTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(stageRetries(3))
                    .build();
            default -> throw new IllegalArgumentException("no activity options for stage '" + stage + "'");
        };
    }

    /**
     * A model stage's options on the queue of its {@code device} param ({@code cpu} or {@code gpu},
     * validated by the stage catalog), so that only workers that registered for that device take it.
     */
    public static ActivityOptions forModelStage(String stage, Object device) {
        String queue = switch (String.valueOf(device)) {
            case "cpu" -> TaskQueues.CPU;
            case "gpu" -> TaskQueues.GPU;
            default -> throw new IllegalArgumentException("stage " + stage + ": unknown device '" + device + "'; expected cpu or gpu");
        };
        return ActivityOptions.newBuilder(forStage(stage)).setTaskQueue(queue).build();
    }

    private static RetryOptions stageRetries(int attempts) {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(attempts)
                .setDoNotRetry(NON_RETRYABLE)
                .build();
    }
}
