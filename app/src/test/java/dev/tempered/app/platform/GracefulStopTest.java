package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A graceful stop of the workers (Ctrl-C of {@code ./tempered up} or {@code ./tempered worker})
 * while an activity runs: the activity's attempt is not reported as failed, so the still draining
 * worker is not handed attempt after attempt to fail again (it used up all three of noop's
 * attempts, each with a warning and a trace); one line says what happened; and a worker started
 * later finishes the run with the next attempt, once Temporal notices the silence.
 */
class GracefulStopTest {
    @TempDir
    Path root;

    /** The run's pending noop activity, as Temporal sees it. */
    static Optional<PendingActivityInfo> pendingNoop(Platform platform, String workflowId) {
        List<PendingActivityInfo> pending = platform.client()
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(platform.config().temporalNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build())
                .getPendingActivitiesList();
        return pending.stream()
                .filter(a -> a.getActivityType().getName().equals("Noop"))
                .findFirst();
    }

    @Test
    void stoppingTheWorkersMidActivityLeavesTheAttemptForAnotherWorkerWithOneLine() throws Exception {
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        rootLogger.addAppender(logs);
        // Not sticky: the embedded server would route the run's next workflow task to the stopped worker's queue.
        TemperedConfig config = TemperedConfig.load(null, Map.of("TEMPERED_TEMPORAL_STICKY", "false"))
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.publishPlatformFile("none");
            Workers first = Workers.start(platform, Set.copyOf(TaskQueues.ALL));
            Path pipeline = root.resolve("long.yaml");
            Files.writeString(pipeline, "name: long\nstages:\n  - stage: noop\n    params: {duration_ms: 8000}\n");
            String run = new CliRunner(root.resolve("none.yaml"), root.resolve("data"))
                    .expect(0, "run", pipeline.toString(), "--detach")
                    .strip()
                    .substring("run ".length());
            boolean started = false;
            for (int i = 0; i < 300 && !started; i++) {
                Thread.sleep(100);
                started = pendingNoop(platform, run)
                        .filter(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
                        .isPresent();
            }
            assertTrue(started, "the noop activity started");

            first.close();

            PendingActivityInfo stopped = pendingNoop(platform, run).orElseThrow();
            assertEquals(1, stopped.getAttempt(), "the stop used no further attempt: " + stopped);
            assertFalse(stopped.hasLastFailure(), "the stop reported no failure: " + stopped.getLastFailure());
            List<String> warnings = logs.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : " with a trace"))
                    .toList();
            assertEquals(
                    List.of(ShutdownInterruption.class.getName() + ": stopping: activity Noop of run " + run
                            + " (attempt 1) interrupted, not failed: it continues from its last checkpoint on the"
                            + " next worker (after its 10 s heartbeat timeout) or, if the Temporal server stops too,"
                            + " when the pipeline runs again"),
                    warnings);

            // A worker started again (the platform restarted in external mode) runs the second attempt to the end.
            platform.own(Workers.start(platform, Set.copyOf(TaskQueues.ALL)));
            StageStatus status = StageStatus.RUNNING;
            for (int i = 0; i < 900 && status == StageStatus.RUNNING; i++) {
                Thread.sleep(100);
                status = platform.lineage().run(run).orElseThrow().status();
            }
            assertEquals(StageStatus.SUCCEEDED, status);
        } finally {
            rootLogger.detachAppender(logs);
        }
    }
}
