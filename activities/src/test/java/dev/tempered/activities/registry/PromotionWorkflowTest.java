package dev.tempered.activities.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.registry.AliasMove;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.registry.ApprovalDecision;
import dev.tempered.workflows.registry.PromotionApprovals;
import dev.tempered.workflows.registry.PromotionResult;
import dev.tempered.workflows.registry.PromotionWorkflow;
import dev.tempered.workflows.registry.PromotionWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promotion workflow on the Temporal test service with the real registry tables and report
 * cards in S3: registration from evaluate's card, the gate's refusal naming the metric, the role
 * check on both sides of the Update, a decision that arrives after a worker restart, rollback.
 */
class PromotionWorkflowTest {
    private static final String QUEUE = "promotion-test";

    private static ArtifactPublisher publisher;
    private static LineageStore lineage;
    private static ModelRegistryRepository registry;

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private WorkerFactory workers;
    private PromotionApprovals approvals;
    private String model;

    @BeforeAll
    static void storage() {
        StorageFixture fixture = StorageFixture.get();
        lineage = fixture.lineage();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("promotion"), lineage);
        registry = lineage.modelRegistry();
    }

    @BeforeEach
    void temporal() {
        env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        env.start();
        client = env.getWorkflowClient();
        workers = startWorkers();
        approvals = new PromotionApprovals(client, QUEUE);
        model = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        workers.shutdownNow();
        env.close();
    }

    /** A worker process of its own: shutting it down and starting another is a worker restart. */
    private WorkerFactory startWorkers() {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        factory.newWorker(
                        QUEUE,
                        // The test service would otherwise route the next task to the stopped worker's sticky queue.
                        WorkerOptions.newBuilder()
                                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                                .build())
                .registerWorkflowImplementationTypes(PromotionWorkflowImpl.class);
        factory.getWorker(QUEUE)
                .registerActivitiesImplementations(new PromotionActivitiesImpl(lineage, publisher.store()));
        factory.start();
        return factory;
    }

    /** A chat checkpoint and evaluate's card for it, registered as evaluate does. */
    private ModelVersion evaluated(double arithmetic, double valLoss) throws Exception {
        ArtifactRecord ckpt = publisher.publish(
                ("checkpoint " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                "checkpoint",
                "application/octet-stream",
                Map.of("kind", "chat"));
        ReportCard card = Cards.card(ckpt.digest(), arithmetic, valLoss);
        ArtifactRecord a = publisher.publish(
                card.toJsonBytes(), ReportCard.KIND, ReportCard.MEDIA_TYPE, Map.of("model", ckpt.digest()));
        return new ModelRegistration(lineage)
                .registerEvaluated(model, a.digest(), "evaluate")
                .orElseThrow();
    }

    private PromotionResult result(String id) throws Exception {
        return WorkflowStub.fromTyped(client.newWorkflowStub(PromotionWorkflow.class, id))
                .getResult(30, TimeUnit.SECONDS, PromotionResult.class);
    }

    private void awaitStatus(String id, String status) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (status.equals(approvals.status(id))) return;
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never reached " + status + "; it is " + approvals.status(id));
    }

    private static final ApprovalDecision ADMIN_YES = new ApprovalDecision("root", "admin", true, "beats v1");

    private String promoteApproved(int version) throws Exception {
        String id = approvals.request(model, version, 0.02, "ana");
        awaitStatus(id, Promotion.AWAITING_APPROVAL);
        assertEquals("approved", approvals.decide(id, ADMIN_YES));
        assertEquals(Promotion.PROMOTED, result(id).status());
        return id;
    }

    @Test
    void aBaseCheckpointIsNotRegistered() throws Exception {
        ArtifactRecord base = publisher.publish(
                ("base " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                "checkpoint",
                "application/octet-stream",
                Map.of());
        ArtifactRecord card = publisher.publish(
                Cards.card(base.digest(), 0.1, 4).toJsonBytes(),
                ReportCard.KIND,
                ReportCard.MEDIA_TYPE,
                Map.of("model", base.digest()));
        assertTrue(new ModelRegistration(lineage)
                .registerEvaluated(model, card.digest(), "evaluate")
                .isEmpty());
        assertTrue(registry.versions(model).isEmpty());
    }

    @Test
    void theGateRefusesAWorseCandidateNamingTheMetric() throws Exception {
        ModelVersion v1 = evaluated(0.55, 3.0);
        promoteApproved(v1.version());
        ModelVersion v2 = evaluated(0.41, 3.0);
        assertEquals(Map.of(Aliases.CANDIDATE, 2, Aliases.PRODUCTION, 1), registry.aliases(model));

        String id = approvals.request(model, v2.version(), 0.02, "ana");
        PromotionResult refused = result(id);
        assertEquals(Promotion.REFUSED, refused.status());
        assertTrue(
                refused.message().contains("tasks.arithmetic.accuracy 0.4100 vs production 0.5500"), refused.message());
        Promotion row = registry.promotion(id).orElseThrow();
        assertEquals(Promotion.REFUSED, row.status());
        assertEquals(1, row.baseline());
        assertEquals(java.util.List.of("tasks.arithmetic.accuracy"), row.gate().get("failing"));
        assertEquals(
                1, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version(), "production unchanged");
    }

    @Test
    void aNonAdminCannotDecideEvenBypassingTheCallerCheck() throws Exception {
        ModelVersion v1 = evaluated(0.55, 3.0);
        String id = approvals.request(model, v1.version(), 0.02, "ana");
        awaitStatus(id, Promotion.AWAITING_APPROVAL);
        ApprovalDecision labeler = new ApprovalDecision("lee", "labeler", true, "lgtm");

        PromotionApprovals.RefusedException refused =
                assertThrows(PromotionApprovals.RefusedException.class, () -> approvals.decide(id, labeler));
        assertEquals(
                "user lee has role 'labeler'; only role 'admin' may approve or reject a promotion",
                refused.getMessage());
        // A client that skips PromotionApprovals meets the workflow's validator, which rejects the
        // Update before it enters the history.
        PromotionWorkflow raw = client.newWorkflowStub(PromotionWorkflow.class, id);
        WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, () -> raw.decide(labeler));
        assertTrue(
                String.valueOf(e.getCause().getMessage()).contains("has role 'labeler'"),
                e.getCause().getMessage());
        assertEquals(Promotion.AWAITING_APPROVAL, approvals.status(id));
        assertEquals(null, registry.promotion(id).orElseThrow().decidedBy(), "nothing audited for a refusal");
        assertTrue(registry.byAlias(model, Aliases.PRODUCTION).isEmpty());
    }

    @Test
    void anApprovalAfterAWorkerRestartPromotesAndIsAudited() throws Exception {
        ModelVersion v1 = evaluated(0.55, 3.0);
        String id = approvals.request(model, v1.version(), 0.02, "ana");
        awaitStatus(id, Promotion.AWAITING_APPROVAL);

        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        assertTrue(workers.isTerminated(), "the first worker stopped");
        workers = startWorkers();

        assertEquals(
                "approved", approvals.decide(id, new ApprovalDecision("root", "admin", true, "beats nothing yet")));
        PromotionResult done = result(id);
        assertEquals(Promotion.PROMOTED, done.status());
        assertEquals(model + " production is version 1; approved by root: beats nothing yet", done.message());
        Promotion row = registry.promotion(id).orElseThrow();
        assertEquals("root", row.decidedBy());
        assertEquals("admin", row.decidedRole());
        assertEquals("beats nothing yet", row.decisionComment());
        AliasMove move = registry.history(model).get(0);
        assertEquals("promote", move.action());
        assertEquals(id, move.promotionId());
        assertEquals(
                1, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());

        // The history, an Update with an activity inside its handler among it, replays on this code.
        io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(id), PromotionWorkflowImpl.class);

        PromotionApprovals.RefusedException again =
                assertThrows(PromotionApprovals.RefusedException.class, () -> approvals.decide(id, ADMIN_YES));
        assertEquals(
                "promotion " + id + " is not waiting for a decision: it has ended, or there is no such promotion",
                again.getMessage());
    }

    @Test
    void aRejectionLeavesProductionAndRollbackRestoresThePreviousVersion() throws Exception {
        ModelVersion v1 = evaluated(0.55, 3.0);
        promoteApproved(v1.version());
        ModelVersion v2 = evaluated(0.60, 2.9);
        String rejected = approvals.request(model, v2.version(), 0.02, "ana");
        awaitStatus(rejected, Promotion.AWAITING_APPROVAL);
        approvals.decide(rejected, new ApprovalDecision("root", "admin", false, "replies too terse"));
        assertEquals(Promotion.REJECTED, result(rejected).status());
        assertEquals(
                1, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());

        promoteApproved(v2.version());
        assertEquals(
                2, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());
        assertEquals(1, registry.rollback(model, "root", "users complain").version());
        assertEquals(
                1, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());
    }
}
