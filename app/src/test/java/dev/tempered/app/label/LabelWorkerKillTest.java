package dev.tempered.app.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.WorkerProcesses;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import dev.tempered.workflows.LabelWorkflow;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged = durable across a worker that dies mid-stream: the label stage's workflow and
 * activities run in a worker process of their own; 20 labelers submit through the real label API
 * (the web server in this JVM stores and acknowledges, then nudges the workflow); the worker is
 * killed with SIGKILL while they submit, and a new worker process takes over the waiting workflow
 * and writes the snapshot. The snapshot holds every acknowledged submission exactly once.
 */
class LabelWorkerKillTest {
    private static final int LABELERS = 20;
    private static final int PROMPTS = 120;
    private static final int SUBMISSIONS = PROMPTS * LabelKillRequest.OVERLAP;
    /**
     * Each labeler's pause after a submission: their 12 submissions take about 18 s, so labels are
     * still coming when the replacement worker polls (a worker JVM takes about 10 s to start here).
     */
    private static final Duration PAUSE = Duration.ofMillis(1_500);

    @TempDir
    Path root;

    @Test
    void everyAcknowledgedLabelIsInTheSnapshotOnceAfterTheWorkerIsKilled() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config);
                DashboardServer web =
                        DashboardServer.start(WebConfig.anyFreePort(), platform.lineage(), platform.store())) {
            platform.publishPlatformFile(web.url());
            WorkflowClient client = platform.client();
            web.notifyLabelsWith(id -> client.newUntypedWorkflowStub(id).signal(LabelWorkflow.SUBMITTED_SIGNAL));
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            List<String> names = LabelerCrowd.createAccounts(platform.lineage().dataSource(), "wk-" + suffix, LABELERS);
            StageRequest request = LabelKillRequest.of(platform.publisher(), names, PROMPTS, root);
            String project = "label-worker-kill-" + suffix;

            Process first = WorkerProcesses.start(root, "worker-1", "workflows,cpu,model");
            Process second = null;
            try (LabelerCrowd crowd = LabelerCrowd.start(URI.create(web.url()), names, PAUSE)) {
                LabelKillRequest.start(client, project, request);
                int acksAtKill = crowd.awaitAcks(SUBMISSIONS / 4, Duration.ofMinutes(2));
                assertTrue(acksAtKill >= SUBMISSIONS / 4, "labels flowed before the kill: " + acksAtKill);
                long killedAt = System.nanoTime();
                WorkerProcesses.kill(first);
                int acksWhileDown = crowd.acks();
                second = WorkerProcesses.start(root, "worker-2", "workflows,cpu,model");
                int acksAtReplacement = crowd.acks();
                System.out.printf(
                        "[label worker kill] acks at kill %d, when the replacement polled %.1f s later %d (of %d)%n",
                        acksAtKill, (System.nanoTime() - killedAt) / 1e9, acksAtReplacement, SUBMISSIONS);

                StageResult snapshot =
                        client.newUntypedWorkflowStub(project).getResult(3, TimeUnit.MINUTES, StageResult.class);
                Map<UUID, LabelerCrowd.Ack> acknowledged = crowd.finish(Duration.ofMinutes(1));
                LabelStore labels = new LabelStore(platform.lineage().dataSource());
                System.out.printf(
                        "[label worker kill] acknowledged %d, stored %d%n",
                        acknowledged.size(), labels.labels(project).size());

                assertTrue(acksWhileDown < SUBMISSIONS, "the worker died mid-stream, not after it: " + acksWhileDown);
                assertEquals(SUBMISSIONS, acknowledged.size(), "every task labeled by both its labelers");
                assertTrue(labels.tasks(project).stream().noneMatch(LabelTask::open), "every task reached its quorum");
                AcknowledgedLabels.assertSnapshotHoldsExactly(
                        acknowledged, snapshot, platform.store(), labels, project);
                // The replacement, not the killed worker, wrote the snapshot (the SDK's identity is pid@host).
                assertTrue(
                        snapshotTakenBy(client, project).startsWith(second.pid() + "@"),
                        "the snapshot was taken by worker-2 (pid " + second.pid() + "), not "
                                + snapshotTakenBy(client, project));
            } finally {
                first.destroyForcibly();
                if (second != null) second.destroyForcibly();
            }
        }
    }

    /** The identity of the worker that started the last run's snapshotLabels activity. */
    private static String snapshotTakenBy(WorkflowClient client, String workflowId) {
        Map<Long, String> scheduled = new HashMap<>();
        String identity = null;
        for (HistoryEvent e : client.fetchHistory(workflowId).getHistory().getEventsList()) {
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                scheduled.put(
                        e.getEventId(),
                        e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
                var started = e.getActivityTaskStartedEventAttributes();
                if ("SnapshotLabels".equals(scheduled.get(started.getScheduledEventId())))
                    identity = started.getIdentity();
            }
        }
        return String.valueOf(identity);
    }
}
