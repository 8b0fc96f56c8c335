package dev.tempered.storage.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The submission rules against the real database: every refusal stores nothing, a replay is counted once. */
class LabelStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static LabelStore labels;
    private static UserStore users;

    @BeforeAll
    static void open() {
        labels = new LabelStore(StorageFixture.get().dataSource());
        // The cheapest Argon2id cost: these tests check rules, not the hash's strength.
        users = new UserStore(StorageFixture.get().dataSource(), new PasswordHasher(8, 1, 1));
    }

    private record Fixture(String project, User ana, User ben, User cid) {}

    private static Fixture project(int tasks, int overlap, int quorum) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        User ana = users.create("ana-" + suffix, Role.LABELER, "password-ana");
        User ben = users.create("ben-" + suffix, Role.LABELER, "password-ben");
        User cid = users.create("cid-" + suffix, Role.LABELER, "password-cid");
        String id = "test/" + suffix;
        List<NewTask> list = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            list.add(new NewTask(
                    "prompt " + i,
                    "4",
                    i == 0 ? 1 : null,
                    List.of(response("a" + i), response("b" + i), response("c" + i))));
        }
        LabelProject p = new LabelProject(
                id, "test", "# Rank by helpfulness", 3, overlap, quorum, 100, NOW.plus(Duration.ofDays(1)), true);
        labels.createProject(p, list, List.of(ana.id(), ben.id(), cid.id()));
        labels.createProject(p, list, List.of(ana.id(), ben.id(), cid.id())); // a retried activity: no-op
        return new Fixture(id, ana, ben, cid);
    }

    private static NewTask.NewResponse response(String text) {
        return new NewTask.NewResponse(text, "{\"reply\": \"" + text + "\"}");
    }

    private static Submission ranked(UUID task, List<List<Integer>> ranking) {
        return new Submission(UUID.randomUUID().toString(), task, ranking, null, null, Set.of(), null);
    }

    private static int status(Runnable r) {
        return assertThrows(SubmissionRejected.class, r::run).status();
    }

    @Test
    void assignsEachTaskToOverlapLabelersRoundRobin() {
        Fixture f = project(3, 2, 2);
        assertEquals(new ProjectCounts(3, 0, 0), labels.counts(f.project()));
        UUID t0 = LabelStore.taskId(f.project(), 0);
        UUID t1 = LabelStore.taskId(f.project(), 1);
        assertTrue(labels.isAssigned(t0, f.ana().id()));
        assertTrue(labels.isAssigned(t0, f.ben().id()));
        assertFalse(labels.isAssigned(t0, f.cid().id()));
        assertFalse(labels.isAssigned(t1, f.ana().id()));
        assertTrue(labels.isAssigned(t1, f.cid().id()));
        assertEquals(new LabelStore.Progress(0, 2), labels.progress(f.ana().id()));
        assertEquals(List.of("a0", "b0", "c0"), labels.task(t0).orElseThrow().responses());
        assertEquals(1, labels.task(t0).orElseThrow().goldResponse());
        assertTrue(labels.task(t0).orElseThrow().conversations().get(2).contains("c0"));
        assertEquals(List.of("a1", "b1", "c1"), labels.tasks(f.project()).get(1).responses());
    }

    @Test
    void storesAValidRankingWithTiesAndClosesTheTaskAtQuorum() {
        Fixture f = project(1, 2, 2);
        UUID t = LabelStore.taskId(f.project(), 0);
        assertEquals(t, labels.nextTask(f.ana().id(), NOW).orElseThrow().id());
        Submission s = new Submission(
                "key-ana-" + t,
                t,
                List.of(List.of(2), List.of(0, 1)),
                java.util.Arrays.asList(3, null, 7),
                "The answer is 4.",
                Set.of("unsafe"),
                4);
        SubmitOutcome first = labels.submit(f.ana().id(), s, NOW);
        assertFalse(first.replay());
        assertFalse(first.taskClosed());
        assertTrue(labels.nextTask(f.ana().id(), NOW).isEmpty(), "ana has labeled her only task");
        SubmitOutcome second = labels.submit(f.ben().id(), ranked(t, List.of(List.of(0), List.of(1), List.of(2))), NOW);
        assertTrue(second.taskClosed());
        assertEquals(new ProjectCounts(1, 1, 2), labels.counts(f.project()));

        List<StoredLabel> stored = labels.labels(f.project());
        assertEquals(2, stored.size());
        StoredLabel a = stored.stream()
                .filter(l -> l.userId().equals(f.ana().id()))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(List.of(2), List.of(0, 1)), a.ranking());
        assertEquals(java.util.Arrays.asList(3, null, 7), a.ratings());
        assertEquals("The answer is 4.", a.idealAnswer());
        assertEquals(Set.of("unsafe"), a.flags());
        assertEquals(4, a.confidence());
        assertEquals(f.ana().name(), a.labeler());
    }

    @Test
    void aReplayIsAcknowledgedWithTheSameIdAndStoredOnce() {
        Fixture f = project(1, 2, 2);
        UUID t = LabelStore.taskId(f.project(), 0);
        Submission s = ranked(t, List.of(List.of(0), List.of(1), List.of(2)));
        SubmitOutcome first = labels.submit(f.ana().id(), s, NOW);
        SubmitOutcome replay = labels.submit(f.ana().id(), s, NOW.plus(Duration.ofDays(2)));
        assertTrue(replay.replay());
        assertEquals(first.submissionId(), replay.submissionId());
        assertEquals(1, labels.counts(f.project()).submissions());
        assertEquals(409, status(() -> labels.submit(f.ben().id(), s, NOW)), "another labeler reusing the key");
        assertEquals(
                409,
                status(() -> labels.submit(f.ana().id(), ranked(t, List.of(List.of(1, 0, 2))), NOW)),
                "a second label of the same task under a new key");
        assertEquals(1, labels.counts(f.project()).submissions());
    }

    @Test
    void concurrentReplaysOfOneKeyStoreOneRow() throws Exception {
        Fixture f = project(1, 2, 2);
        UUID t = LabelStore.taskId(f.project(), 0);
        Submission s = ranked(t, List.of(List.of(0), List.of(1), List.of(2)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SubmitOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++)
                futures.add(pool.submit(() -> labels.submit(f.ana().id(), s, NOW)));
            Set<UUID> ids = new HashSet<>();
            int fresh = 0;
            for (Future<SubmitOutcome> fu : futures) {
                SubmitOutcome o = fu.get();
                ids.add(o.submissionId());
                if (!o.replay()) fresh++;
            }
            assertEquals(1, ids.size());
            assertEquals(1, fresh);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, labels.counts(f.project()).submissions());
    }

    @Test
    void invalidSubmissionsAreRefusedWithTheReasonAndNothingStored() {
        Fixture f = project(2, 2, 1);
        UUID t = LabelStore.taskId(f.project(), 0);
        UUID cidsTask = LabelStore.taskId(f.project(), 1); // assigned to ben and cid
        UUID ana = f.ana().id();
        assertReason(
                400, "twice", () -> labels.submit(ana, ranked(t, List.of(List.of(0), List.of(0), List.of(2))), NOW));
        assertReason(400, "leaves out response(s) 2", () -> labels.submit(ana, ranked(t, List.of(List.of(0, 1))), NOW));
        assertReason(400, "does not have", () -> labels.submit(ana, ranked(t, List.of(List.of(0, 1, 2, 3))), NOW));
        assertReason(400, "does not have", () -> labels.submit(ana, ranked(t, List.of(List.of(-1, 0, 1, 2))), NOW));
        assertReason(
                400,
                "group 1 is empty",
                () -> labels.submit(ana, ranked(t, List.of(List.of(0, 1, 2), List.of())), NOW));
        assertReason(400, "ranking is empty", () -> labels.submit(ana, ranked(t, List.of()), NOW));
        assertReason(403, "not assigned", () -> labels.submit(ana, ranked(cidsTask, List.of(List.of(0, 1, 2))), NOW));
        assertReason(
                404, "no task", () -> labels.submit(ana, ranked(UUID.randomUUID(), List.of(List.of(0, 1, 2))), NOW));
        assertReason(
                400,
                "ratings are 1-7",
                () -> labels.submit(
                        ana,
                        new Submission(
                                "k-" + UUID.randomUUID(),
                                t,
                                List.of(List.of(0, 1, 2)),
                                List.of(1, 8, 2),
                                null,
                                Set.of(),
                                null),
                        NOW));
        assertReason(
                400,
                "unknown flag",
                () -> labels.submit(
                        ana,
                        new Submission(
                                "k-" + UUID.randomUUID(),
                                t,
                                List.of(List.of(0, 1, 2)),
                                null,
                                null,
                                Set.of("boring"),
                                null),
                        NOW));
        assertReason(
                413,
                "at most 100",
                () -> labels.submit(
                        ana,
                        new Submission(
                                "k-" + UUID.randomUUID(),
                                t,
                                List.of(List.of(0, 1, 2)),
                                null,
                                "x".repeat(101),
                                Set.of(),
                                null),
                        NOW));
        assertReason(
                400,
                "idempotency_key",
                () -> labels.submit(
                        ana, new Submission("short", t, List.of(List.of(0, 1, 2)), null, null, Set.of(), null), NOW));
        assertReason(
                409,
                "deadline passed",
                () -> labels.submit(ana, ranked(t, List.of(List.of(0, 1, 2))), NOW.plus(Duration.ofDays(2))));
        assertEquals(0, labels.counts(f.project()).submissions());

        labels.submit(f.ben().id(), ranked(cidsTask, List.of(List.of(0, 1, 2))), NOW); // quorum 1 closes it
        assertReason(
                409, "closed", () -> labels.submit(f.cid().id(), ranked(cidsTask, List.of(List.of(0, 1, 2))), NOW));
        labels.closeProject(f.project());
        assertReason(409, "project", () -> labels.submit(ana, ranked(t, List.of(List.of(0, 1, 2))), NOW));
        assertEquals(1, labels.counts(f.project()).submissions());
    }

    @Test
    void aSkipRanksNothingAndCountsTowardsTheQuorum() {
        Fixture f = project(1, 1, 1);
        UUID t = LabelStore.taskId(f.project(), 0);
        assertReason(
                400,
                "must not rank",
                () -> labels.submit(
                        f.ana().id(),
                        new Submission(
                                "k-" + UUID.randomUUID(),
                                t,
                                List.of(List.of(0, 1, 2)),
                                null,
                                null,
                                Set.of("skip"),
                                null),
                        NOW));
        SubmitOutcome o = labels.submit(
                f.ana().id(),
                new Submission("k-" + UUID.randomUUID(), t, List.of(), null, null, Set.of("cant-judge"), null),
                NOW);
        assertTrue(o.taskClosed());
    }

    @Test
    void overlapLargerThanTheLabelersIsRefusedNamingBoth() {
        LabelProject p = new LabelProject("test/" + UUID.randomUUID(), "x", "", 2, 3, 1, 10, NOW, true);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> labels.createProject(
                        p,
                        List.of(new NewTask("p", null, null, List.of(response("a"), response("b")))),
                        List.of(UUID.randomUUID())));
        assertTrue(e.getMessage().contains("overlap is 3 but only 1 labelers"), e.getMessage());
    }

    @Test
    void draftsAreKeptPerLabelerAndDroppedOnSubmit() {
        Fixture f = project(1, 2, 2);
        UUID t = LabelStore.taskId(f.project(), 0);
        labels.saveDraft(t, f.ana().id(), "{\"ideal\": \"draft 1\"}");
        labels.saveDraft(t, f.ana().id(), "{\"ideal\": \"draft 2\"}");
        assertTrue(labels.draft(t, f.ana().id()).orElseThrow().contains("draft 2"));
        assertTrue(labels.draft(t, f.ben().id()).isEmpty());
        assertEquals(403, status(() -> labels.saveDraft(t, f.cid().id(), "{}")));
        labels.submit(f.ana().id(), ranked(t, List.of(List.of(0, 1, 2))), NOW);
        assertTrue(labels.draft(t, f.ana().id()).isEmpty());
    }

    private static void assertReason(int status, String part, Runnable r) {
        SubmissionRejected e = assertThrows(SubmissionRejected.class, r::run);
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should say '" + part + "'");
    }
}
