package dev.tempered.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Retries and the errors never retried, for every stage, plus the options of the activities that
 * are not stages themselves (lineage bookkeeping, curation's inner steps). A stage's own timeouts
 * and attempts are declared with its definition ({@code dev.tempered.activities.stage}) and reach
 * the workflow in its {@link StageDispatch}.
 */
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

    /** Probe's short steps (checking the questions, assembling the results) on the queue of its device. */
    public static ActivityOptions probeBookkeeping(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                // Reading and writing a few megabytes of JSON; 10 minutes is a stuck worker.
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setRetryOptions(stageRetries(3))
                .build();
    }

    /** Label: K responses per prompt generated with the chat model, then the project created in one transaction. */
    public static ActivityOptions labelGeneration(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                // The demo's 12 prompts × 4 responses take seconds; thousands of prompts on a large model, an hour.
                .setStartToCloseTimeout(Duration.ofHours(2))
                // Each generation batch heartbeats; 2 minutes of silence is a dead worker.
                .setHeartbeatTimeout(Duration.ofMinutes(2))
                .setRetryOptions(stageRetries(3))
                .build();
    }

    /** Label: closing the project and writing the snapshot from the database. */
    public static ActivityOptions labelBookkeeping(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                // A snapshot of at most a few hundred thousand labels; 10 minutes is a stuck worker.
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                // Many retries: the database or worker may be restarting when the project ends.
                .setRetryOptions(stageRetries(10))
                .build();
    }

    /**
     * Label: reading the project's counts while it waits, again and again, for hours or days. Its
     * own options, not the snapshot's: the call is one count query, so a long start-to-close would
     * only make a waiting project sit idle that long after a worker died mid-call.
     */
    public static ActivityOptions labelStatus(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                // One indexed count query; 30 s is a worker that died or a database that does not answer.
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                // Labels keep arriving through the web server while this fails (they are stored by it,
                // not by the workflow), so the wait may ride out a database or worker outage of hours:
                // attempts without a count, a minute apart at most, for up to a day. A longer outage
                // fails the stage; re-running the pipeline finds the same project and its labels.
                .setScheduleToCloseTimeout(Duration.ofDays(1))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(0)
                        .setDoNotRetry(NON_RETRYABLE)
                        .build())
                .build();
    }

    /** Label: the simulated labelers submitting through the label API until nothing is left to label. */
    public static ActivityOptions labelSimulation(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                // The demo's labels take seconds; the deadline bounds any project's.
                .setStartToCloseTimeout(Duration.ofHours(6))
                // They heartbeat after every submission; a minute of silence is a dead worker.
                .setHeartbeatTimeout(Duration.ofMinutes(1))
                .setRetryOptions(stageRetries(5))
                .build();
    }

    /** One batch of probe questions: a model asked k times per question, heartbeating after each generation call. */
    public static ActivityOptions probeBatch(String taskQueue) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(taskQueue)
                // A batch of 64 questions × 5 samples takes seconds on the demo model, minutes on large ones.
                .setStartToCloseTimeout(Duration.ofHours(2))
                // The model loads in seconds and each generation call heartbeats; 2 minutes of silence is a dead
                // worker.
                .setHeartbeatTimeout(Duration.ofMinutes(2))
                .setRetryOptions(stageRetries(3))
                .build();
    }

    /**
     * Options of a stage's activity as its plan dispatches it. The values come from the stage's
     * definition (each with its reason there); only the retry shape and the non-retryable errors
     * are common to every stage and live here.
     */
    public static ActivityOptions forDispatch(StageDispatch dispatch) {
        ActivityOptions.Builder options = ActivityOptions.newBuilder()
                .setTaskQueue(dispatch.taskQueue())
                .setStartToCloseTimeout(Duration.ofMillis(dispatch.startToCloseMillis()))
                .setRetryOptions(stageRetries(dispatch.maximumAttempts()));
        if (dispatch.heartbeatMillis() > 0) options.setHeartbeatTimeout(Duration.ofMillis(dispatch.heartbeatMillis()));
        return options.build();
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
