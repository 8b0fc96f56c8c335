package dev.tempered.storage.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.StorageException;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.Submission;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The firing decision and the watermark against the real database (V8 on top of the labeling tables). */
class RetrainScheduleStoreTest {
    private static final String PIPELINE = "{\"name\":\"retrain\",\"stages\":[]}";

    private RetrainScheduleStore schedules;
    private LabelStore labels;
    private String project;
    private String name;
    private User ana;
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));

    @BeforeEach
    void setUp() {
        var db = StorageFixture.get().dataSource();
        schedules = new RetrainScheduleStore(db);
        labels = new LabelStore(db);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ana = new UserStore(db, new PasswordHasher(8, 1, 1)).create("ana-" + suffix, Role.LABELER, "password-ana");
        project = "sched-test/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(new NewTask(
                    "prompt " + i,
                    null,
                    null,
                    List.of(
                            new NewTask.NewResponse("a" + i, "{\"reply\": \"a\"}"),
                            new NewTask.NewResponse("b" + i, "{\"reply\": \"b\"}"))));
        }
        labels.createProject(
                new LabelProject(
                        project, "t", "# g", 2, 1, 1, 100, Instant.now().plus(Duration.ofDays(1)), true),
                tasks,
                List.of(ana.id()));
        name = "s-" + suffix;
        schedules.create(name, 60, 2, PIPELINE, "workflow");
    }

    private Instant label(int task) {
        clock = clock.plusSeconds(1);
        labels.submit(
                ana.id(),
                new Submission(
                        UUID.randomUUID().toString(),
                        LabelStore.taskId(project, task),
                        List.of(List.of(0), List.of(1)),
                        null,
                        null,
                        Set.of(),
                        null),
                clock);
        return clock;
    }

    private RetrainFiring begin(String id) {
        return schedules.beginFiring(name, id, List.of(project));
    }

    @Test
    void belowTheThresholdSkipsWithTheCountThenRetrainsUpToTheNewestLabel() {
        label(0);
        RetrainFiring skipped = begin(name + "-1");
        assertEquals(RetrainFiring.SKIPPED, skipped.status());
        assertEquals(1, skipped.newLabels());
        assertNotNull(skipped.finishedAt());

        Instant newest = label(1);
        RetrainFiring started = begin(name + "-2");
        assertEquals(RetrainFiring.STARTED, started.status());
        assertEquals(2, started.newLabels());
        assertEquals(newest, started.watermark());
        assertNull(started.finishedAt());
        assertEquals(started, begin(name + "-2"), "a retried activity finds its own row");

        // While it runs, another firing is an overlap, whatever the count.
        label(2);
        label(3);
        RetrainFiring overlap = begin(name + "-3");
        assertEquals(RetrainFiring.OVERLAP, overlap.status());
        assertEquals(4, overlap.newLabels());

        schedules.finishFiring(name + "-2", RetrainFiring.SUCCEEDED, null, "promote-chat-v1-1");
        assertEquals(newest, schedules.get(name).orElseThrow().watermark());
        // Only the two labels after the watermark count now.
        RetrainFiring next = begin(name + "-4");
        assertEquals(RetrainFiring.STARTED, next.status());
        assertEquals(2, next.newLabels());
        schedules.finishFiring(name + "-4", RetrainFiring.FAILED, "ppo failed", null);
        assertEquals(newest, schedules.get(name).orElseThrow().watermark(), "a failed retrain keeps the watermark");
        assertEquals(
                List.of(RetrainFiring.FAILED, RetrainFiring.OVERLAP, RetrainFiring.SUCCEEDED, RetrainFiring.SKIPPED),
                schedules.firings(name, 10).stream().map(RetrainFiring::status).toList());
        assertEquals(
                "promote-chat-v1-1", schedules.firing(name + "-2").orElseThrow().promotionId());
    }

    @Test
    void aPausedScheduleSkipsAndOtherProjectsLabelsDoNotCount() {
        label(0);
        label(1);
        assertEquals(0, schedules.newLabels(null, List.of("no-such-project")).labels());
        assertEquals(2, schedules.newLabels(null, List.of(project)).labels());
        assertTrue(schedules.setPaused(name, true));
        RetrainFiring paused = begin(name + "-1");
        assertEquals(RetrainFiring.SKIPPED, paused.status());
        assertEquals("schedule paused", paused.message());
        assertTrue(schedules.setPaused(name, false));
        assertEquals(RetrainFiring.STARTED, begin(name + "-2").status());
    }

    @Test
    void badRequestsAreRefusedByName() {
        IllegalArgumentException taken =
                assertThrows(IllegalArgumentException.class, () -> schedules.create(name, 60, 2, PIPELINE, "workflow"));
        assertTrue(taken.getMessage().contains("exists already"), taken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> schedules.create("other", 60, 0, PIPELINE, "workflow"));
        assertThrows(StorageException.class, () -> schedules.create("Bad Name", 60, 2, PIPELINE, "workflow"));
        IllegalArgumentException gone =
                assertThrows(IllegalArgumentException.class, () -> schedules.beginFiring("nope", "nope-1", List.of()));
        assertTrue(gone.getMessage().contains("no retraining schedule 'nope'"), gone.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> schedules.finishFiring(name + "-1", RetrainFiring.SKIPPED, null, null));
        assertTrue(schedules.delete(name));
        assertTrue(schedules.get(name).isEmpty());
    }
}
