package dev.tempered.app.temporal;

import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineScheduleRequest;
import dev.tempered.workflows.PipelineScheduleState;
import dev.tempered.workflows.PipelineScheduleWorkflow;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scheduled retraining: a pipeline that runs every so often. On a server with Schedules it is a
 * real Temporal Schedule (visible and pausable in the Temporal UI); elsewhere a long-running
 * {@link PipelineScheduleWorkflow} does the same. Either way a schedule named N has the id
 * {@code schedule-N} and its runs are named {@code N-<firing time>}.
 */
public final class PipelineSchedules {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final String ID_PREFIX = "schedule-";

    /** One schedule as listed: where it lives tells which mechanism runs it. */
    public record Listed(String name, String kind, long intervalSeconds, String lastRunId) {}

    private final WorkflowClient client;
    private final TemporalCapabilities caps;
    /** Null where the server has no Schedules. */
    private final ScheduleClient schedules;

    public PipelineSchedules(WorkflowClient client, TemporalCapabilities caps) {
        this.client = client;
        this.caps = caps;
        this.schedules = caps.schedules()
                ? ScheduleClient.newInstance(
                        client.getWorkflowServiceStubs(),
                        ScheduleClientOptions.newBuilder()
                                .setNamespace(client.getOptions().getNamespace())
                                .build())
                : null;
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("schedule name '" + name
                    + "': use 1-63 lower-case letters, digits and hyphens, starting with a letter or digit");
        }
    }

    /** Creates the schedule; the first run starts at the next multiple of {@code every} since the epoch. */
    public String create(String name, Duration every, PipelineSpec spec, boolean noCache) {
        checkName(name);
        if (every.toSeconds() < 1) throw new IllegalArgumentException("--every must be at least 1 s, got " + every);
        if (caps.schedules()) {
            Schedule schedule = Schedule.newBuilder()
                    .setAction(ScheduleActionStartWorkflow.newBuilder()
                            .setWorkflowType(PipelineWorkflow.class)
                            // A null run id: each firing's run takes its workflow id, name-<time>.
                            .setArguments(new PipelineRequest(null, spec, noCache))
                            .setOptions(WorkflowOptions.newBuilder()
                                    .setWorkflowId(name)
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .build())
                            .build())
                    .setSpec(ScheduleSpec.newBuilder()
                            .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                            .build())
                    .setPolicy(SchedulePolicy.newBuilder()
                            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                            .build())
                    .build();
            try {
                schedules.createSchedule(
                        ID_PREFIX + name, schedule, ScheduleOptions.newBuilder().build());
            } catch (ScheduleAlreadyRunningException e) {
                throw exists(name);
            }
            return "temporal-schedule";
        }
        PipelineScheduleWorkflow workflow = client.newWorkflowStub(
                PipelineScheduleWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(ID_PREFIX + name)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        try {
            WorkflowClient.start(workflow::run, new PipelineScheduleRequest(name, every.toSeconds(), spec, noCache, 0));
        } catch (WorkflowExecutionAlreadyStarted e) {
            throw exists(name);
        }
        return "workflow";
    }

    private static IllegalArgumentException exists(String name) {
        return new IllegalArgumentException("schedule '" + name
                + "' exists already; delete it first (./tempered schedule delete " + name + ") to change it");
    }

    public List<Listed> list() {
        List<Listed> out = new ArrayList<>();
        if (caps.schedules()) {
            schedules
                    .listSchedules()
                    .filter(d -> d.getScheduleId().startsWith(ID_PREFIX))
                    .forEach(d -> {
                        var actions = d.getInfo().getRecentActions();
                        String last = actions.isEmpty()
                                        || !(actions.get(actions.size() - 1).getAction()
                                                instanceof ScheduleActionExecutionStartWorkflow started)
                                ? null
                                : started.getWorkflowId();
                        var intervals = d.getSchedule().getSpec().getIntervals();
                        long every = intervals.isEmpty()
                                ? 0
                                : intervals.get(0).getEvery().toSeconds();
                        out.add(new Listed(
                                d.getScheduleId().substring(ID_PREFIX.length()), "temporal-schedule", every, last));
                    });
        }
        for (String id : fallbackScheduleIds()) {
            if (!id.startsWith(ID_PREFIX)) continue;
            PipelineScheduleState state =
                    client.newWorkflowStub(PipelineScheduleWorkflow.class, id).state();
            out.add(new Listed(state.name(), "workflow", state.intervalSeconds(), state.lastRunId()));
        }
        return out;
    }

    /** Deletes the schedule; a run it already started goes on. Returns false when there is none by that name. */
    public boolean delete(String name) {
        checkName(name);
        String id = ID_PREFIX + name;
        if (caps.schedules()
                && schedules.listSchedules().anyMatch(d -> d.getScheduleId().equals(id))) {
            schedules.getHandle(id).delete();
            return true;
        }
        if (!fallbackScheduleIds().contains(id)) {
            return false;
        }
        WorkflowStub.fromTyped(client.newWorkflowStub(PipelineScheduleWorkflow.class, id))
                .terminate("schedule deleted");
        return true;
    }

    /** Ids of the fallback schedule workflows now running. */
    private java.util.Set<String> fallbackScheduleIds() {
        return OpenWorkflows.ids(
                client.getWorkflowServiceStubs(), client.getOptions().getNamespace(), caps, "PipelineScheduleWorkflow");
    }
}
