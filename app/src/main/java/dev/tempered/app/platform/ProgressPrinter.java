package dev.tempered.app.platform;

import dev.tempered.workflows.FailureText;
import dev.tempered.workflows.PipelineProgress;
import dev.tempered.workflows.StageProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Follows a pipeline run until it ends, printing each stage's transitions and, while a stage
 * runs, the progress its activity heartbeats ({@link HeartbeatLine}).
 */
public final class ProgressPrinter {
    private static final Duration POLL = Duration.ofMillis(500);
    // A line every few seconds shows a long stage moving without flooding a log; an unchanged one is not repeated.
    private static final Duration DETAIL_EVERY = Duration.ofSeconds(5);
    // How often a follower checks that the platform is still up (a file read and a process lookup).
    private static final Duration PLATFORM_CHECK = Duration.ofMillis(500);

    private ProgressPrinter() {}

    /** Returns true when the run succeeded. */
    public static boolean follow(WorkflowClient client, String runId, PrintStream out) {
        return follow(client, runId, out, () -> true, stageRunId -> Optional.empty());
    }

    /**
     * Follows the run while {@code platformAlive} says the platform serving it is up, and returns
     * false with one line saying so within about a second of it stopping: once the embedded
     * Temporal server is gone, calls to it are retried for minutes and the run can never finish
     * (it is lost). The polling runs on a daemon thread so that a call stuck in those retries
     * cannot hold this one up.
     *
     * @param stageNote what to add to a stage's line when it succeeds, by stage run id (such as
     *     "resumed from step 50 of run X" from its summary)
     */
    public static boolean follow(
            WorkflowClient client,
            String runId,
            PrintStream out,
            BooleanSupplier platformAlive,
            Function<String, Optional<String>> stageNote) {
        AtomicBoolean abandoned = new AtomicBoolean();
        // Once abandoned, whatever the stuck poller prints later is dropped.
        PrintStream guarded = new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        if (!abandoned.get()) out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        if (!abandoned.get()) out.write(b, off, len);
                    }
                },
                true,
                Charset.defaultCharset());
        CompletableFuture<Boolean> following = new CompletableFuture<>();
        Thread poller = new Thread(
                () -> {
                    try {
                        following.complete(poll(client, runId, guarded, stageNote));
                    } catch (RuntimeException | Error e) {
                        following.completeExceptionally(e);
                    }
                },
                "follow-" + runId);
        poller.setDaemon(true);
        poller.start();
        while (true) {
            try {
                return following.get(PLATFORM_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!platformAlive.getAsBoolean()) {
                    abandoned.set(true);
                    out.println("run " + runId + ": the platform stopped while it ran, so the run is lost; start it"
                            + " again with ./tempered up and run the pipeline again (finished stages come from the"
                            + " cache, training resumes from its last checkpoint)");
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    private static boolean poll(
            WorkflowClient client, String runId, PrintStream out, Function<String, Optional<String>> stageNote) {
        WorkflowStub stub = client.newUntypedWorkflowStub(runId);
        CompletableFuture<Object> result = stub.getResultAsync(Object.class);
        Map<String, String> printed = new HashMap<>();
        long lastDetail = 0;
        String lastDetailLine = null;
        long startNanos = System.nanoTime();
        while (true) {
            boolean done = false;
            try {
                result.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                done = true;
            } catch (TimeoutException e) {
                // still running
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                done = true;
            }
            PipelineProgress progress = query(stub);
            if (progress != null) {
                for (StageProgress s : progress.stages()) {
                    String key = s.status() + (s.cached() ? "+cached" : "");
                    if (!key.equals(printed.get(s.stage()))) {
                        printed.put(s.stage(), key);
                        if (!"pending".equals(s.status())) out.println(line(s) + note(s, stageNote));
                    }
                }
            }
            if (done) break;
            if (System.nanoTime() - lastDetail > DETAIL_EVERY.toNanos()) {
                lastDetail = System.nanoTime();
                Optional<String> detail = heartbeatLine(client, runId);
                if (detail.isPresent() && !detail.get().equals(lastDetailLine)) {
                    lastDetailLine = detail.get();
                    out.println("  … " + lastDetailLine);
                }
            }
        }
        try {
            result.get();
            out.printf("run %s succeeded in %.1f s%n", runId, (System.nanoTime() - startNanos) / 1e9);
            return true;
        } catch (Exception e) {
            Throwable cause =
                    e.getCause() instanceof WorkflowFailedException wf && wf.getCause() != null ? wf.getCause() : e;
            out.println("run " + runId + " did not succeed: " + FailureText.of(cause));
            return false;
        }
    }

    private static PipelineProgress query(WorkflowStub stub) {
        try {
            return stub.query("progress", PipelineProgress.class);
        } catch (RuntimeException e) {
            return null; // not started yet, or already closed and evicted
        }
    }

    private static String note(StageProgress s, Function<String, Optional<String>> stageNote) {
        if (!"succeeded".equals(s.status()) || s.cached() || s.stageRunId() == null) return "";
        try {
            return stageNote.apply(s.stageRunId()).map(n -> " — " + n).orElse("");
        } catch (RuntimeException e) {
            return ""; // A note is best effort; the status line is the contract.
        }
    }

    private static String line(StageProgress s) {
        String status = s.cached() ? "cached" : s.status();
        String took = s.finishedMillis() > 0 && s.startedMillis() > 0
                ? String.format(" (%.1f s)", (s.finishedMillis() - s.startedMillis()) / 1000.0)
                : "";
        String error = s.error() == null ? "" : ": " + s.error();
        return String.format("  %-16s %s%s%s", s.stage(), status, took, error);
    }

    /** The newest heartbeat of the running stage activity, rendered for people. */
    static Optional<String> heartbeatLine(WorkflowClient client, String runId) {
        try {
            var response = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder()
                                    .setWorkflowId(runId)
                                    .build())
                            .build());
            for (PendingActivityInfo a : response.getPendingActivitiesList()) {
                if (!a.hasHeartbeatDetails()) continue;
                return Optional.of(a.getActivityType().getName() + ": "
                        + HeartbeatLine.describe(a.getActivityType().getName(), a.getHeartbeatDetails())
                        + (a.getAttempt() > 1 ? " (attempt " + a.getAttempt() + ")" : ""));
            }
        } catch (RuntimeException e) {
            // Progress detail is best effort; the stage lines above are the contract.
        }
        return Optional.empty();
    }
}
