package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.app.serve.ModelChatResponder;
import dev.tempered.app.serve.ModelTextGenerator;
import dev.tempered.app.serve.RegistryCatalogView;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.PromotionApprovals;
import java.io.PrintStream;
import java.util.Set;

/** Starts the whole embedded platform in this process: services, all workers, the dashboard. */
final class PlatformRunner {
    private PlatformRunner() {}

    static Platform startAll(dev.tempered.app.config.TemperedConfig config, PrintStream out) {
        return start(config, Set.copyOf(TaskQueues.ALL), out);
    }

    /** Services (embedded where not configured), workers for {@code queues} (none: a dashboard-only process), the dashboard. */
    static Platform start(dev.tempered.app.config.TemperedConfig config, Set<String> queues, PrintStream out) {
        long t0 = System.nanoTime();
        Platform platform = Platform.start(config);
        try {
            if (!queues.isEmpty()) platform.own(Workers.start(platform, queues));
            // The dashboard reads lineage only: runs Temporal stops running must be recorded as lost there.
            platform.watchForLostRuns(java.time.Duration.ofSeconds(15));
            // The embedded Temporal forgets workflows on restart: promotions the registry says still
            // await an admin are started again, so that the approval still has something to decide.
            dev.tempered.app.temporal.PromotionRecovery.restartOrphans(platform.client(), platform.lineage());
            // Likewise retrains it forgot: recorded as failed, or their schedules would see overlaps forever.
            dev.tempered.app.temporal.LostRetrains.failOrphans(platform.client(), platform.lineage());
            ModelTextGenerator generator = new ModelTextGenerator(platform.store(), platform.lineage());
            platform.own(generator);
            ModelChatResponder chat = new ModelChatResponder(platform.store(), platform.lineage());
            platform.own(chat);
            DashboardServer web = DashboardServer.start(
                    new WebConfig(
                            config.webHost(),
                            config.webPort(),
                            config.webAllowedHosts(),
                            new dev.tempered.web.TemporalLinks(config.temporalUiUrl(), config.temporalNamespace()),
                            config.webRequireLoginForReads()),
                    platform.lineage(),
                    platform.store(),
                    generator,
                    new RegistryCatalogView(),
                    chat,
                    new PromotionApprovals(platform.client(), TaskQueues.WORKFLOWS));
            platform.own(web);
            // Stored labels nudge their label workflow (it also polls the database, so a failed
            // signal only delays it), and this process's simulated labelers find the label API here.
            web.notifyLabelsWith(projectId -> platform.client()
                    .newUntypedWorkflowStub(projectId)
                    .signal(dev.tempered.workflows.LabelWorkflow.SUBMITTED_SIGNAL));
            // The Schedules page pauses and resumes retraining schedules as ./tempered schedule pause does.
            web.pauseSchedulesWith(ScheduleCommand.schedules(platform)::setPaused);
            dev.tempered.activities.chat.label.LabelApiLocation.publish(java.net.URI.create(web.url()));
            platform.publishPlatformFile(web.url());
            out.printf(
                    "platform up in %.1f s: temporal %s, s3 %s, postgres %s%n",
                    (System.nanoTime() - t0) / 1e9,
                    platform.temporalTarget(),
                    platform.s3Config().endpoint(),
                    platform.dbConfig().jdbcUrl());
            out.println("dashboard: " + web.url());
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Blocks until the process is interrupted (Ctrl-C), then stops everything. */
    static void awaitShutdown(Platform platform, PrintStream out) {
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping …");
            main.interrupt();
            platform.close();
        }));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
