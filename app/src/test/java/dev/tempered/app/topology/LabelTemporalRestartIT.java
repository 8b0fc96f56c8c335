package dev.tempered.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.label.AcknowledgedLabels;
import dev.tempered.app.label.LabelKillRequest;
import dev.tempered.app.label.LabelerCrowd;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import dev.tempered.workflows.LabelWorkflow;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged = durable across a Temporal service that dies mid-stream, on the production
 * topology (the real Temporal server with its SQLite persistence, MinIO, PostgreSQL; a workflow
 * worker and a model worker as processes of their own). 20 labelers submit through the label API
 * while the Temporal server is killed with SIGKILL: the web server stores and acknowledges in
 * PostgreSQL without it, so labels keep coming while it is down; after the restart the label
 * workflow picks up where it waited and snapshots. The snapshot holds every acknowledged
 * submission exactly once.
 */
class LabelTemporalRestartIT {
    private static final int LABELERS = 20;
    private static final int PROMPTS = 120;
    private static final int SUBMISSIONS = PROMPTS * LabelKillRequest.OVERLAP;
    /** Labels that must be acknowledged while Temporal is down before it is started again. */
    private static final int WHILE_DOWN = 40;
    /** Each labeler's pause after a submission: their 12 submissions take about 18 s. */
    private static final Duration PAUSE = Duration.ofMillis(1_500);

    @TempDir
    Path root;

    @Test
    void everyAcknowledgedLabelIsInTheSnapshotOnceAfterTemporalIsKilled() throws Exception {
        try (ExternalServers servers = ExternalServers.start(root.resolve("servers"))) {
            Path config = root.resolve("tempered.yaml");
            Files.writeString(config, "web:\n  port: 0\n");
            Map<String, String> env = servers.temperedEnv();
            try (Platform platform =
                            Platform.connect(TemperedConfig.load(null, env).withDataDir(root.resolve("client")), true);
                    TopologyWorkers workers = new TopologyWorkers(root, config, env);
                    DashboardServer web =
                            DashboardServer.start(WebConfig.anyFreePort(), platform.lineage(), platform.store())) {
                WorkflowClient client = platform.client();
                web.notifyLabelsWith(id -> client.newUntypedWorkflowStub(id).signal(LabelWorkflow.SUBMITTED_SIGNAL));
                workers.start("workflows");
                workers.start("cpu,model");
                String suffix = UUID.randomUUID().toString().substring(0, 6);
                List<String> names =
                        LabelerCrowd.createAccounts(platform.lineage().dataSource(), "tk-" + suffix, LABELERS);
                StageRequest request = LabelKillRequest.of(platform.publisher(), names, PROMPTS, root);
                String project = "label-temporal-kill-" + suffix;

                try (LabelerCrowd crowd = LabelerCrowd.start(URI.create(web.url()), names, PAUSE)) {
                    LabelKillRequest.start(client, project, request);
                    int acksAtKill = crowd.awaitAcks(SUBMISSIONS / 4, Duration.ofMinutes(3));
                    assertTrue(acksAtKill >= SUBMISSIONS / 4, "labels flowed before the kill: " + acksAtKill);
                    servers.temporal.kill();
                    long killedAt = System.nanoTime();
                    // Acknowledgements come from PostgreSQL through the web server, not from Temporal.
                    int acksWhileDown = crowd.awaitAcks(acksAtKill + WHILE_DOWN, Duration.ofMinutes(1));
                    double downFor = (System.nanoTime() - killedAt) / 1e9;
                    servers.temporal.start();
                    System.out.printf(
                            "[label temporal kill] acks at kill %d, at restart %d (%.1f s down, of %d)%n",
                            acksAtKill, acksWhileDown, downFor, SUBMISSIONS);
                    assertTrue(
                            acksWhileDown >= acksAtKill + WHILE_DOWN,
                            "labels kept being acknowledged while Temporal was down: " + acksAtKill + " → "
                                    + acksWhileDown);
                    assertTrue(acksWhileDown < SUBMISSIONS, "Temporal came back mid-stream: " + acksWhileDown);

                    StageResult snapshot =
                            client.newUntypedWorkflowStub(project).getResult(4, TimeUnit.MINUTES, StageResult.class);
                    Map<UUID, LabelerCrowd.Ack> acknowledged = crowd.finish(Duration.ofMinutes(1));
                    LabelStore labels = new LabelStore(platform.lineage().dataSource());
                    System.out.printf(
                            "[label temporal kill] acknowledged %d, stored %d%n",
                            acknowledged.size(), labels.labels(project).size());
                    assertEquals(SUBMISSIONS, acknowledged.size(), "every task labeled by both its labelers");
                    assertTrue(
                            labels.tasks(project).stream().noneMatch(LabelTask::open), "every task reached its quorum");
                    AcknowledgedLabels.assertSnapshotHoldsExactly(
                            acknowledged, snapshot, platform.store(), labels, project);
                }
            }
        }
    }
}
