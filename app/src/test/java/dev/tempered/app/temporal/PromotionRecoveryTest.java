package dev.tempered.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.app.RegisteredModels;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.ApprovalDecision;
import dev.tempered.workflows.registry.PromotionApprovals;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A promotion awaiting approval survives a restart of the embedded platform, whose Temporal
 * server forgets every workflow: the registry still lists it, the restart finds no workflow by
 * its id and starts it again, and the admin's approval then moves production.
 */
class PromotionRecoveryTest {
    @TempDir
    Path root;

    Platform start() {
        Platform p = Platform.start(TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0));
        p.own(Workers.start(p, Set.of(TaskQueues.WORKFLOWS)));
        return p;
    }

    @Test
    void aPromotionAwaitingApprovalIsRestartedAfterAPlatformRestartAndTheApprovalWorks() throws Exception {
        String model = "m-" + UUID.randomUUID().toString().substring(0, 8);
        String id;
        ModelVersion version;
        try (Platform first = start()) {
            version = RegisteredModels.register(first, model);
            id = new PromotionApprovals(first.client(), TaskQueues.WORKFLOWS)
                    .request(model, version.version(), 0.02, "ana");
            awaitStatus(first, id, Promotion.AWAITING_APPROVAL);
            assertEquals(List.of(), PromotionRecovery.restartOrphans(first.client(), first.lineage()), "it runs");
        }

        try (Platform second = start()) {
            PromotionApprovals approvals = new PromotionApprovals(second.client(), TaskQueues.WORKFLOWS);
            ApprovalDecision yes = new ApprovalDecision("root", "admin", true, "after a restart");
            // The new server has never heard of it: nothing to decide on.
            org.junit.jupiter.api.Assertions.assertThrows(
                    PromotionApprovals.RefusedException.class, () -> approvals.decide(id, yes));

            assertEquals(List.of(id), PromotionRecovery.restartOrphans(second.client(), second.lineage()));
            awaitWorkflowStatus(approvals, id, Promotion.AWAITING_APPROVAL);
            assertEquals("approved", approvals.decide(id, yes));
            awaitStatus(second, id, Promotion.PROMOTED);
            assertEquals(
                    version.version(),
                    second.lineage().modelRegistry().aliases(model).get(Aliases.PRODUCTION));
            assertEquals(List.of(), PromotionRecovery.restartOrphans(second.client(), second.lineage()));
        }
    }

    private static void awaitStatus(Platform p, String id, String status) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (p.lineage()
                    .modelRegistry()
                    .promotion(id)
                    .map(Promotion::status)
                    .orElse("")
                    .equals(status)) return;
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never reached " + status + ": "
                + p.lineage().modelRegistry().promotion(id));
    }

    private static void awaitWorkflowStatus(PromotionApprovals approvals, String id, String status)
            throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (status.equals(approvals.status(id))) return;
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never reached " + status + "; it is " + approvals.status(id));
    }
}
