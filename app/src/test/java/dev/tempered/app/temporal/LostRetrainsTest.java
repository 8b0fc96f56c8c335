package dev.tempered.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.Submission;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retrain that PostgreSQL records as started but whose firing workflow Temporal does not run
 * (what a restart of the embedded platform leaves) is recorded as failed at start-up, so that the
 * schedule's next firing retrains instead of recording an overlap forever.
 */
class LostRetrainsTest {
    @TempDir
    Path root;

    @Test
    void aStartedRetrainWithoutItsWorkflowIsRecordedFailedAndTheNextFiringRetrains() {
        try (Platform platform = Platform.start(TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0))) {
            var db = platform.lineage().dataSource();
            User ana = new UserStore(db).create("ana", Role.LABELER, "password-ana-1");
            LabelStore labels = new LabelStore(db);
            labels.createProject(
                    new LabelProject(
                            "p", "p", "# g", 2, 1, 1, 100, Instant.now().plus(Duration.ofDays(1)), true),
                    List.of(new NewTask(
                            "prompt",
                            null,
                            null,
                            List.of(
                                    new NewTask.NewResponse("a", "{\"reply\": \"a\"}"),
                                    new NewTask.NewResponse("b", "{\"reply\": \"b\"}")))),
                    List.of(ana.id()));
            labels.submit(
                    ana.id(),
                    new Submission(
                            UUID.randomUUID().toString(),
                            LabelStore.taskId("p", 0),
                            List.of(List.of(0), List.of(1)),
                            null,
                            null,
                            Set.of(),
                            null),
                    Instant.now());
            RetrainScheduleStore store = new RetrainScheduleStore(db);
            store.create("nightly", 3600, 1, "{\"name\":\"r\",\"stages\":[]}", "workflow");
            assertEquals(
                    RetrainFiring.STARTED,
                    store.beginFiring("nightly", "nightly-1", List.of("p")).status());
            assertEquals(
                    RetrainFiring.OVERLAP,
                    store.beginFiring("nightly", "nightly-2", List.of("p")).status());

            assertEquals(List.of("nightly-1"), LostRetrains.failOrphans(platform.client(), platform.lineage()));
            RetrainFiring lost = store.firing("nightly-1").orElseThrow();
            assertEquals(RetrainFiring.FAILED, lost.status());
            assertEquals(LostRetrains.MESSAGE, lost.message());
            assertNull(store.get("nightly").orElseThrow().watermark());
            assertEquals(
                    RetrainFiring.STARTED,
                    store.beginFiring("nightly", "nightly-3", List.of("p")).status());
            assertEquals(
                    1, store.firing("nightly-3").orElseThrow().newLabels(), "the lost retrain's label counts again");
        }
    }
}
