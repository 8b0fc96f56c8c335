package dev.tempered.activities.chat.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.workflows.LabelActivities;
import dev.tempered.workflows.LabelWorkflow;
import dev.tempered.workflows.LabelWorkflowImpl;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The label workflow's waiting, with scripted activities and Temporal's time skipping: a project
 * that takes 700 polls to finish makes the workflow continue as new (its history stays bounded),
 * each run finds the same project, and the snapshot is taken once, at the end. A status read that
 * keeps failing (a database outage) is retried until it answers, not given up after a few tries.
 */
class LabelWorkflowTest {
    static final class Scripted implements LabelActivities {
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger snapshots = new AtomicInteger();
        final Set<String> projects = ConcurrentHashMap.newKeySet();
        final AtomicInteger failures = new AtomicInteger();
        final int pollsUntilDone;
        final int failingPolls;

        Scripted(int pollsUntilDone) {
            this(pollsUntilDone, 0);
        }

        /** The first {@code failingPolls} status reads fail, as they do while the database is down. */
        Scripted(int pollsUntilDone, int failingPolls) {
            this.pollsUntilDone = pollsUntilDone;
            this.failingPolls = failingPolls;
        }

        @Override
        public OpenProject openLabelProject(ProjectRequest r) {
            opens.incrementAndGet();
            projects.add(r.projectId());
            return new OpenProject(r.projectId(), 10, Long.MAX_VALUE / 2, 60, 0);
        }

        @Override
        public long simulateLabelers(ProjectRequest r) {
            throw new AssertionError("no simulated labelers were asked for");
        }

        @Override
        public LabelingStatus labelingStatus(ProjectRequest r) {
            if (failures.get() < failingPolls) {
                failures.incrementAndGet();
                throw new IllegalStateException("connection refused (scripted database outage)");
            }
            int n = polls.incrementAndGet();
            return new LabelingStatus(10, Math.min(10, n / 70), n, n >= pollsUntilDone);
        }

        @Override
        public StageResult snapshotLabels(ProjectRequest r) {
            snapshots.incrementAndGet();
            return new StageResult("p", List.of(new OutputRef("preferences", "p")), Map.of("project", r.projectId()));
        }
    }

    @Test
    void aLongWaitContinuesAsNewAndSnapshotsOnceAtTheEnd() {
        Scripted activities = new Scripted(700);
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(LabelWorkflowImpl.class);
            env.newWorker(TaskQueues.MODEL).registerActivitiesImplementations(activities);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            LabelWorkflow wf = client.newWorkflowStub(
                    LabelWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId("label-wf-test")
                            .setTaskQueue(TaskQueues.WORKFLOWS)
                            .build());
            StageResult result = wf.label(new StageRequest(null, Map.of(), Map.of("device", "cpu")));
            assertEquals("label-wf-test", result.summary().get("project"));
            assertEquals(700, activities.polls.get());
            assertEquals(1, activities.snapshots.get());
            assertTrue(
                    activities.opens.get() >= 3,
                    "continued as new at least twice: " + activities.opens.get() + " runs");
            assertEquals(Set.of("label-wf-test"), activities.projects, "every run finds the same project");
            long events = client.fetchHistory("label-wf-test").getHistory().getEventsCount();
            // The threshold is 2,000 events; one more poll and the continue-as-new follow it.
            assertTrue(events < 2_100, "the last run's history is bounded: " + events);
        } finally {
            env.close();
        }
    }

    @Test
    void aStatusReadFailingForHoursIsRetriedUntilTheDatabaseAnswers() {
        // 40 failures back off to a minute apart: about 35 minutes of outage, in skipped time. The
        // snapshot's options (10 attempts) would have failed the stage after the tenth.
        Scripted activities = new Scripted(3, 40);
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(LabelWorkflowImpl.class);
            env.newWorker(TaskQueues.MODEL).registerActivitiesImplementations(activities);
            env.start();
            LabelWorkflow wf = env.getWorkflowClient()
                    .newWorkflowStub(
                            LabelWorkflow.class,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId("label-wf-outage")
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .build());
            StageResult result = wf.label(new StageRequest(null, Map.of(), Map.of("device", "cpu")));
            assertEquals("label-wf-outage", result.summary().get("project"));
            assertEquals(40, activities.failures.get());
            assertEquals(3, activities.polls.get(), "the status was read until done after the outage");
            assertEquals(1, activities.snapshots.get());
        } finally {
            env.close();
        }
    }
}
