package dev.tempered.app.temporal;

import dev.tempered.activities.retrain.RetrainPipelines;
import dev.tempered.storage.Json;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainSchedule;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineScheduleRequest;
import dev.tempered.workflows.PipelineScheduleState;
import dev.tempered.workflows.PipelineScheduleWorkflow;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.retrain.RetrainFiringWorkflow;
import dev.tempered.workflows.retrain.RetrainScheduleRequest;
import dev.tempered.workflows.retrain.RetrainScheduleWorkflow;
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
 *
 * <p>A retraining schedule ({@link #createRetrain}) fires a {@link RetrainFiringWorkflow} instead
 * of the pipeline: the firing checks the labels acknowledged since the last retrain and records
 * itself in PostgreSQL ({@link RetrainScheduleStore}), which also holds the schedule's threshold,
 * watermark and paused state. Its Temporal Schedule allows overlapping firings, because each
 * firing records an overlap itself (a Schedule's SKIP policy would drop them unrecorded).
 */
public final class PipelineSchedules {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final String ID_PREFIX = "schedule-";

    /**
     * One schedule as listed: where it lives tells which mechanism runs it.
     *
     * @param minNewLabels a retraining schedule's threshold; 0 for a plain pipeline schedule
     */
    public record Listed(
            String name, String kind, long intervalSeconds, String lastRunId, int minNewLabels, boolean paused) {}

    private final WorkflowClient client;
    private final TemporalCapabilities caps;
    /** Null where the server has no Schedules. */
    private final ScheduleClient schedules;

    private final RetrainScheduleStore retrain;

    public PipelineSchedules(WorkflowClient client, TemporalCapabilities caps, RetrainScheduleStore retrain) {
        this.client = client;
        this.caps = caps;
        this.retrain = retrain;
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
            Schedule schedule = everyInterval(
                    ScheduleActionStartWorkflow.newBuilder()
                            .setWorkflowType(PipelineWorkflow.class)
                            // A null run id: each firing's run takes its workflow id, name-<time>.
                            .setArguments(new PipelineRequest(null, spec, noCache))
                            .setOptions(firingOptions(name))
                            .build(),
                    every,
                    ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
            try {
                schedules.createSchedule(
                        ID_PREFIX + name, schedule, ScheduleOptions.newBuilder().build());
            } catch (ScheduleAlreadyRunningException e) {
                throw exists(name);
            }
            return RetrainSchedule.TEMPORAL_SCHEDULE;
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
        return RetrainSchedule.WORKFLOW;
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
                        String name = d.getScheduleId().substring(ID_PREFIX.length());
                        if (retrain.get(name).isPresent()) return;
                        out.add(new Listed(
                                name,
                                RetrainSchedule.TEMPORAL_SCHEDULE,
                                every,
                                last,
                                0,
                                d.getSchedule().getState().isPaused()));
                    });
        }
        for (String id : fallbackScheduleIds()) {
            if (!id.startsWith(ID_PREFIX)) continue;
            PipelineScheduleState state =
                    client.newWorkflowStub(PipelineScheduleWorkflow.class, id).state();
            out.add(new Listed(
                    state.name(), RetrainSchedule.WORKFLOW, state.intervalSeconds(), state.lastRunId(), 0, false));
        }
        for (RetrainSchedule r : retrain.list()) {
            String last = retrain.firings(r.name(), 50).stream()
                    .map(RetrainFiring::runId)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            out.add(new Listed(r.name(), r.kind(), r.intervalSeconds(), last, r.minNewLabels(), r.paused()));
        }
        out.sort(java.util.Comparator.comparing(Listed::name));
        return out;
    }

    /** Deletes the schedule; a run it already started goes on. Returns false when there is none by that name. */
    public boolean delete(String name) {
        checkName(name);
        String id = ID_PREFIX + name;
        var retraining = retrain.get(name);
        if (retraining.isPresent()) {
            if (RetrainSchedule.TEMPORAL_SCHEDULE.equals(retraining.get().kind())) {
                if (temporalScheduleExists(id)) schedules.getHandle(id).delete();
            } else if (fallbackRetrainIds().contains(id)) {
                WorkflowStub.fromTyped(client.newWorkflowStub(RetrainScheduleWorkflow.class, id))
                        .terminate("schedule deleted");
            }
            return retrain.delete(name);
        }
        if (temporalScheduleExists(id)) {
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

    /**
     * Creates a label-driven retraining schedule: every {@code every} a firing counts the labels
     * acknowledged since the last retrain and retrains when there are at least {@code minNewLabels}.
     */
    public String createRetrain(String name, Duration every, PipelineSpec spec, int minNewLabels) {
        checkName(name);
        if (every.toSeconds() < 1) throw new IllegalArgumentException("--every must be at least 1 s, got " + every);
        RetrainPipelines.check(spec);
        if (exists(name, ID_PREFIX + name)) throw exists(name);
        String kind = caps.schedules() ? RetrainSchedule.TEMPORAL_SCHEDULE : RetrainSchedule.WORKFLOW;
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(spec);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("pipeline " + spec.name() + " cannot be stored: " + e.getMessage(), e);
        }
        // The row first: the first firing reads its threshold and pipeline from it.
        retrain.create(name, every.toSeconds(), minNewLabels, json, kind);
        try {
            if (caps.schedules()) {
                // Overlaps allowed: each firing records an overlap itself, so the history shows it.
                Schedule schedule = everyInterval(
                        ScheduleActionStartWorkflow.newBuilder()
                                .setWorkflowType(RetrainFiringWorkflow.class)
                                .setArguments(name)
                                .setOptions(firingOptions(name))
                                .build(),
                        every,
                        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
                schedules.createSchedule(
                        ID_PREFIX + name, schedule, ScheduleOptions.newBuilder().build());
            } else {
                RetrainScheduleWorkflow workflow = client.newWorkflowStub(
                        RetrainScheduleWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(ID_PREFIX + name)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build());
                WorkflowClient.start(workflow::run, new RetrainScheduleRequest(name, every.toSeconds(), false, 0));
            }
        } catch (ScheduleAlreadyRunningException | WorkflowExecutionAlreadyStarted e) {
            retrain.delete(name);
            throw exists(name);
        } catch (RuntimeException e) {
            retrain.delete(name);
            throw e;
        }
        return kind;
    }

    /**
     * Pauses or resumes a schedule. A retraining schedule records it in PostgreSQL (its firings
     * check it) and tells its mechanism; a plain schedule can be paused only as a Temporal Schedule.
     *
     * @return false when there is no schedule by that name
     */
    public boolean setPaused(String name, boolean paused) {
        checkName(name);
        String id = ID_PREFIX + name;
        var retraining = retrain.get(name);
        if (retraining.isPresent()) {
            retrain.setPaused(name, paused);
            if (RetrainSchedule.TEMPORAL_SCHEDULE.equals(retraining.get().kind())) {
                if (caps.schedules()) pauseTemporalSchedule(id, paused);
            } else if (fallbackRetrainIds().contains(id)) {
                client.newWorkflowStub(RetrainScheduleWorkflow.class, id).setPaused(paused);
            }
            return true;
        }
        if (temporalScheduleExists(id)) {
            pauseTemporalSchedule(id, paused);
            return true;
        }
        if (fallbackScheduleIds().contains(id)) {
            throw new IllegalArgumentException(
                    "schedule '" + name + "' runs on the embedded Temporal server's fallback "
                            + "workflow, which cannot pause a plain pipeline schedule; delete it (./tempered schedule delete "
                            + name + ") and create it again to resume later");
        }
        return false;
    }

    private void pauseTemporalSchedule(String id, boolean paused) {
        var handle = schedules.getHandle(id);
        if (paused) handle.pause("paused by ./tempered schedule pause");
        else handle.unpause("resumed by ./tempered schedule resume");
    }

    private boolean exists(String name, String id) {
        return retrain.get(name).isPresent()
                || fallbackScheduleIds().contains(id)
                || fallbackRetrainIds().contains(id)
                || temporalScheduleExists(id);
    }

    private boolean temporalScheduleExists(String id) {
        return caps.schedules()
                && schedules.listSchedules().anyMatch(d -> d.getScheduleId().equals(id));
    }

    /** A Schedule that starts {@code action} every {@code every}, aligned to multiples of it since the epoch. */
    private static Schedule everyInterval(
            ScheduleActionStartWorkflow action, Duration every, ScheduleOverlapPolicy overlap) {
        return Schedule.newBuilder()
                .setAction(action)
                .setSpec(ScheduleSpec.newBuilder()
                        .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                        .build())
                .setPolicy(SchedulePolicy.newBuilder().setOverlap(overlap).build())
                .build();
    }

    /** The workflow id prefix of a firing (the server appends the firing time) and its queue. */
    private static WorkflowOptions firingOptions(String name) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(name)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build();
    }

    /** Ids of the fallback retraining schedule workflows now running. */
    private java.util.Set<String> fallbackRetrainIds() {
        return OpenWorkflows.ids(
                client.getWorkflowServiceStubs(), client.getOptions().getNamespace(), caps, "RetrainScheduleWorkflow");
    }

    /** Ids of the fallback schedule workflows now running. */
    private java.util.Set<String> fallbackScheduleIds() {
        return OpenWorkflows.ids(
                client.getWorkflowServiceStubs(), client.getOptions().getNamespace(), caps, "PipelineScheduleWorkflow");
    }
}
