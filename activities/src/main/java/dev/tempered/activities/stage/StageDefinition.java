package dev.tempered.activities.stage;

import dev.tempered.workflows.StageDispatch;
import dev.tempered.workflows.TaskQueues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A stage's whole contract, declared once next to its adapter and listed in {@link StageRegistry}:
 * what the pipeline file may say about it (params, inputs, client params), how the workflow runs it
 * ({@link #dispatch}) and what a worker registers for it ({@link #implementation}).
 *
 * <pre>
 * public static final StageDefinition DEFINITION = StageDefinition.builder("noop", 1)
 *         .description("Heartbeat for a while and return.")
 *         .params(NoopParams.class)
 *         .input(InputSpec.optional("in", "any", "Passed through as the primary output."))
 *         .queue(QueueKind.CPU)
 *         .timeouts(new StageTimeouts(Duration.ofMinutes(10), Duration.ofSeconds(10), 3))
 *         .activity(NoopActivities.class, "noop", services -> new NoopActivitiesImpl())
 *         .build();
 * </pre>
 *
 * @param version        bumped whenever the stage's output for the same inputs and params would change:
 *                       it is part of the cache key, so earlier results stop being reused
 * @param paramsType     the typed params record (see {@link Param})
 * @param timeouts       the activity's timeouts; null for a child workflow (its activities have their own)
 * @param implementation builds the object a worker registers on the stage's queues (an activity
 *                       implementation; for a child workflow, the implementation of the activities it calls)
 * @param clientParams   params the submitter consumes before the run
 * @param outputKind     the primary output's artifact kind, or null when it is whatever came in
 */
public record StageDefinition(
        String name,
        int version,
        String description,
        Class<? extends Record> paramsType,
        List<InputSpec> inputs,
        QueueKind queue,
        StageTimeouts timeouts,
        StageExecution execution,
        Function<StageServices, Object> implementation,
        List<ClientParam> clientParams,
        String outputKind) {
    public StageDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramsType, name + ": params");
        Objects.requireNonNull(queue, name + ": queue");
        Objects.requireNonNull(execution, name + ": activity or child workflow");
        Objects.requireNonNull(implementation, name + ": implementation");
        if (version < 1) throw new IllegalStateException(name + ": version must be 1 or more");
        if (execution instanceof StageExecution.Activity && timeouts == null) {
            throw new IllegalStateException(name + ": an activity stage needs its timeouts");
        }
        inputs = List.copyOf(inputs);
        clientParams = List.copyOf(clientParams);
        List<ParamSpec> specs = StageParams.specs(paramsType);
        if (queue == QueueKind.MODEL
                && specs.stream()
                        .noneMatch(p -> p.name().equals(QueueKind.DEVICE_PARAM)
                                && p.choices().equals(List.of("cpu", "gpu")))) {
            throw new IllegalStateException(name + ": a model stage's params need device with the choices cpu, gpu");
        }
    }

    /** The parameters, derived from {@link #paramsType}. */
    public List<ParamSpec> params() {
        return StageParams.specs(paramsType);
    }

    /** Fills defaults and validates {@code raw}, naming {@code path} (e.g. {@code stages[0].params}) in errors. */
    public Map<String, Object> normalize(Map<String, Object> raw, String path) {
        Map<String, Object> normalized = StageParams.normalize(paramsType, name, raw, path);
        // Building the record runs its own checks across params (k ≥ m, heads dividing width) at
        // submit time, before anything runs, not when the stage's activity reads them.
        try {
            StageParams.read(normalized, paramsType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        return normalized;
    }

    /** The task queue of a run with these normalised params (a model stage's follows its device). */
    public String taskQueue(Map<String, Object> params) {
        return execution instanceof StageExecution.ChildWorkflow ? TaskQueues.WORKFLOWS : queue.taskQueue(params);
    }

    /** How the pipeline workflow runs this stage with these normalised params. */
    public StageDispatch dispatch(Map<String, Object> params) {
        if (execution instanceof StageExecution.ChildWorkflow c) {
            return new StageDispatch(StageDispatch.Kind.CHILD_WORKFLOW, c.typeName(), TaskQueues.WORKFLOWS, 0, 0, 0);
        }
        return new StageDispatch(
                StageDispatch.Kind.ACTIVITY,
                execution.typeName(),
                taskQueue(params),
                timeouts.startToClose().toMillis(),
                timeouts.heartbeat() == null ? 0 : timeouts.heartbeat().toMillis(),
                timeouts.maximumAttempts());
    }

    public static Builder builder(String name, int version) {
        return new Builder(name, version);
    }

    /** Builds a definition; {@link #build} checks it is complete. */
    public static final class Builder {
        private final String name;
        private final int version;
        private String description;
        private Class<? extends Record> paramsType;
        private final List<InputSpec> inputs = new ArrayList<>();
        private QueueKind queue;
        private StageTimeouts timeouts;
        private StageExecution execution;
        private Function<StageServices, Object> implementation;
        private final List<ClientParam> clientParams = new ArrayList<>();
        private String outputKind;

        private Builder(String name, int version) {
            this.name = name;
            this.version = version;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder params(Class<? extends Record> paramsType) {
            this.paramsType = paramsType;
            return this;
        }

        public Builder input(InputSpec input) {
            inputs.add(input);
            return this;
        }

        public Builder clientParam(ClientParam param) {
            clientParams.add(param);
            return this;
        }

        /**
         * The artifact kind of the primary output, which the submit-time check compares with the
         * kind a later stage's input expects; a stage that passes its input through leaves it unset.
         */
        public Builder output(String kind) {
            this.outputKind = kind;
            return this;
        }

        public Builder queue(QueueKind queue) {
            this.queue = queue;
            return this;
        }

        public Builder timeouts(StageTimeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        /** The stage is {@code method} of {@code activityInterface}, implemented by what {@code implementation} builds. */
        public Builder activity(
                Class<?> activityInterface, String method, Function<StageServices, Object> implementation) {
            this.execution = StageExecution.activity(activityInterface, method);
            this.implementation = implementation;
            return this;
        }

        /** The stage is a child workflow whose activities {@code activities} builds. */
        public Builder childWorkflow(
                Class<?> workflowInterface,
                Class<?> workflowImplementation,
                Function<StageServices, Object> activities) {
            this.execution = StageExecution.childWorkflow(workflowInterface, workflowImplementation);
            this.implementation = activities;
            return this;
        }

        public StageDefinition build() {
            return new StageDefinition(
                    name,
                    version,
                    Objects.requireNonNull(description, name + ": description"),
                    paramsType,
                    inputs,
                    queue,
                    timeouts,
                    execution,
                    implementation,
                    clientParams,
                    outputKind);
        }
    }
}
