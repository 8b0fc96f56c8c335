package dev.tempered.storage.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gold gate on the real database: it pauses a labeler who ranks gold tasks wrong once enough
 * are judged; an admin's resume lifts the pause and the gate then counts only the gold labels
 * after it, so the old misses do not pause the labeler again at the next submission, while new
 * misses do once there are enough of them.
 */
class QualityGateTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aResumedLabelerIsJudgedOnlyOnGoldLabelsAfterTheResume() {
        var db = StorageFixture.get().dataSource();
        LabelStore labels = new LabelStore(db);
        UserStore users = new UserStore(db, new PasswordHasher(8, 1, 1));
        QualityGate gate = new QualityGate(db);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        User ana = users.create("gate-ana-" + suffix, Role.LABELER, "password-ana");
        String project = "gate/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // Every task is gold: response 0 is the known best.
            tasks.add(new NewTask(
                    "prompt " + i,
                    "#### " + i,
                    0,
                    List.of(new NewTask.NewResponse("right " + i, "{}"), new NewTask.NewResponse("wrong " + i, "{}"))));
        }
        labels.createProject(
                new LabelProject(project, "gate", "", 2, 1, 1, 100, NOW.plus(Duration.ofDays(1)), true),
                tasks,
                List.of(ana.id()));
        gate.configure(project, new QualityGate.Settings(0.5, 2));
        assertTrue(gate.resume(project, ana.id(), "admin").isEmpty(), "nothing to resume before a pause");

        assertTrue(labelWrongAndCheck(labels, gate, project, ana, 0).isEmpty(), "one gold label is too few to judge");
        Optional<QualityGate.Paused> paused = labelWrongAndCheck(labels, gate, project, ana, 1);
        assertEquals(2, paused.orElseThrow().goldJudged());
        assertEquals(0, paused.get().goldCorrect());
        assertTrue(labels.nextTask(ana.id(), NOW).isEmpty(), "a paused labeler gets no task of the project");

        QualityGate.Paused lifted = gate.resume(project, ana.id(), "admin").orElseThrow();
        assertEquals(ana.name(), lifted.labeler());
        assertEquals(List.of(), gate.paused(project));
        assertTrue(labels.nextTask(ana.id(), NOW).isPresent(), "resumed: tasks again");
        assertTrue(gate.resume(project, ana.id(), "admin").isEmpty(), "a second resume finds no pause");

        // The two old misses are not counted again: one new miss is one judged, too few.
        assertTrue(
                labelWrongAndCheck(labels, gate, project, ana, 2).isEmpty(),
                "the next submission does not re-pause for the misses before the resume");
        assertTrue(labelRightAndCheck(labels, gate, project, ana, 3).isEmpty(), "1 of 2 right since the resume");
        // 1 of 3 since the resume is below 0.5: paused again, with the figures since the resume.
        Optional<QualityGate.Paused> again = labelWrongAndCheck(labels, gate, project, ana, 4);
        assertEquals(3, again.orElseThrow().goldJudged(), "counted since the resume, not all 5");
        assertEquals(1, again.get().goldCorrect());
        assertEquals(1, gate.paused(project).size());
    }

    private static Optional<QualityGate.Paused> labelWrongAndCheck(
            LabelStore labels, QualityGate gate, String project, User who, int position) {
        return labelAndCheck(labels, gate, project, who, position, List.of(List.of(1), List.of(0)));
    }

    private static Optional<QualityGate.Paused> labelRightAndCheck(
            LabelStore labels, QualityGate gate, String project, User who, int position) {
        return labelAndCheck(labels, gate, project, who, position, List.of(List.of(0), List.of(1)));
    }

    private static Optional<QualityGate.Paused> labelAndCheck(
            LabelStore labels, QualityGate gate, String project, User who, int position, List<List<Integer>> ranking) {
        UUID task = LabelStore.taskId(project, position);
        labels.submit(
                who.id(), new Submission(UUID.randomUUID().toString(), task, ranking, null, null, Set.of(), null), NOW);
        return gate.check(project, who.id());
    }
}
