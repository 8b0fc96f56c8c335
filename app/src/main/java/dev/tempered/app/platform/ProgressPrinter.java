package dev.tempered.app.platform;

import dev.tempered.activities.ingest.IngestProgress;
import dev.tempered.activities.ingest.IngestStage;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.model.stage.PretrainStage;
import dev.tempered.workflows.PipelineProgress;
import dev.tempered.workflows.StageProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a pipeline run until it ends, printing each stage's transitions and, while a stage
 * runs, the progress its activity heartbeats (pages read, shards written).
 */
public final class ProgressPrinter {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DETAIL_EVERY = Duration.ofSeconds(2);

    private ProgressPrinter() {}

    /** Returns true when the run succeeded. */
    public static boolean follow(WorkflowClient client, String runId, PrintStream out) {
        WorkflowStub stub = client.newUntypedWorkflowStub(runId);
        CompletableFuture<Object> result = stub.getResultAsync(Object.class);
        Map<String, String> printed = new HashMap<>();
        long lastDetail = 0;
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
                        if (!"pending".equals(s.status())) out.println(line(s));
                    }
                }
            }
            if (done) break;
            if (System.nanoTime() - lastDetail > DETAIL_EVERY.toNanos()) {
                lastDetail = System.nanoTime();
                heartbeatLine(client, runId).ifPresent(detail -> out.println("  … " + detail));
            }
        }
        try {
            result.get();
            out.printf("run %s succeeded in %.1f s%n", runId, (System.nanoTime() - startNanos) / 1e9);
            return true;
        } catch (Exception e) {
            Throwable cause =
                    e.getCause() instanceof WorkflowFailedException wf && wf.getCause() != null ? wf.getCause() : e;
            out.println("run " + runId + " did not succeed: " + rootMessage(cause));
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
                        + describe(a.getActivityType().getName(), a)
                        + (a.getAttempt() > 1 ? " (attempt " + a.getAttempt() + ")" : ""));
            }
        } catch (RuntimeException e) {
            // Progress detail is best effort; the stage lines above are the contract.
        }
        return Optional.empty();
    }

    /** The heartbeat as its activity's progress record where one is known, else as it is. */
    private static String describe(String activityType, PendingActivityInfo a) {
        var details = Optional.of(a.getHeartbeatDetails());
        var converter = DefaultDataConverter.newDefaultInstance();
        if (activityType.equals(IngestStage.DEFINITION.execution().typeName())) {
            IngestProgress p = converter.fromPayloads(0, details, IngestProgress.class, IngestProgress.class);
            int shards = p.checkpoint() == null ? 0 : p.checkpoint().shards().size();
            return String.format(
                    "%,d records read, %,d pages, %d shards written, source %d/%d",
                    p.recordsRead(), p.pagesRead(), shards, p.sourceIndex() + 1, p.sourceCount());
        }
        if (activityType.equals(PretrainStage.DEFINITION.execution().typeName())) {
            PretrainActivitiesImpl.PretrainProgress p = converter.fromPayloads(
                    0,
                    details,
                    PretrainActivitiesImpl.PretrainProgress.class,
                    PretrainActivitiesImpl.PretrainProgress.class);
            return "step " + p.step()
                    + (p.checkpoint() == null
                            ? ", no checkpoint yet"
                            : ", last checkpoint " + p.checkpoint().substring(0, 12));
        }
        Object other = converter.fromPayloads(0, details, Object.class, Object.class);
        return other == null ? "working" : other.toString();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
