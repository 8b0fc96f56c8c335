package dev.tempered.activities.lineage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.lineage.openlineage.StageRunEvents;
import dev.tempered.activities.stage.CacheKeys;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.CacheHit;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.LineageActivities;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageDispatch;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.StageSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline workflow's bookkeeping in the lineage store, including the cache decision. */
public final class LineageActivitiesImpl implements LineageActivities {
    /** Summary key under which a stage run remembers its primary output, for cache hits. */
    public static final String PRIMARY_OUTPUT = "primary_output";

    private static final Logger log = LoggerFactory.getLogger(LineageActivitiesImpl.class);

    private final LineageStore lineage;
    private final ArtifactStore store;

    private final StageRunEvents events;

    public LineageActivitiesImpl(LineageStore lineage, ArtifactStore store) {
        this(lineage, store, StageRunEvents.NONE);
    }

    /** With {@code events} told of every stage run's start, completion and failure (OpenLineage export). */
    public LineageActivitiesImpl(LineageStore lineage, ArtifactStore store, StageRunEvents events) {
        this.lineage = lineage;
        this.store = store;
        this.events = events;
    }

    @Override
    public void beginPipelineRun(BeginRunRequest request) {
        lineage.beginPipelineRun(
                request.runId(),
                request.spec().name(),
                Json.MAPPER.convertValue(request.spec(), Map.class),
                request.temporalRunId());
    }

    @Override
    public StagePlan planStage(PlanStageRequest request) {
        String path = "stages[" + request.position() + "]";
        StageDefinition definition = StageRegistry.get(request.spec().stage(), path + ".stage");
        Map<String, Object> params = definition.normalize(request.spec().params(), path + ".params");
        StageDispatch dispatch = definition.dispatch(params);
        Map<String, String> inputs = request.inputs();
        // The workflow hands every stage without declared inputs the previous stage's output as
        // "in"; a stage that takes no "in" (synthesize) must not have it in its cache key, or its
        // output would be recomputed whenever an unrelated earlier stage changes.
        if (request.spec().inputs().isEmpty()
                && inputs.containsKey(StageSpec.DEFAULT_INPUT)
                && definition.inputs().stream().noneMatch(i -> i.name().equals(StageSpec.DEFAULT_INPUT))) {
            inputs = new java.util.TreeMap<>(inputs);
            inputs.remove(StageSpec.DEFAULT_INPUT);
        }
        for (InputSpec input : definition.inputs()) {
            if (input.required() && !inputs.containsKey(input.name())) {
                throw new InvalidStageInputException(path + " (" + definition.name() + ") needs input '" + input.name()
                        + "' (" + input.kind() + "); got " + inputs.keySet()
                        + ". Name it under inputs, e.g. " + input.name() + ": stage:<earlier stage>");
            }
        }
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            if (lineage.artifact(input.getValue()).isEmpty() || !store.exists(input.getValue())) {
                throw new InvalidStageInputException(path + " input '" + input.getKey() + "': artifact "
                        + input.getValue() + " is not in lineage or object storage");
            }
        }
        String cacheKey = CacheKeys.of(
                definition.name(), definition.version(), params, ContentKeyedInputs.of(inputs, lineage, store));
        StageRunStart start = new StageRunStart(
                request.runId(),
                request.position(),
                definition.name(),
                definition.version(),
                cacheKey,
                params,
                inputs.entrySet().stream()
                        .map(e -> new NamedDigest(e.getKey(), e.getValue()))
                        .toList(),
                request.workflowId(),
                request.temporalRunId());

        if (!request.noCache()) {
            Optional<CacheHit> hit = lineage.findReusable(cacheKey).filter(this::outputsStillStored);
            if (hit.isPresent()) {
                UUID id = lineage.recordCachedStageRun(start, hit.get());
                events.started(id, true);
                log.info(
                        "{} {}: cached, reusing stage run {}",
                        request.runId(),
                        definition.name(),
                        hit.get().stageRunId());
                return new StagePlan(
                        id.toString(), definition.version(), params, true, resultOf(hit.get()), dispatch, inputs);
            }
        }
        UUID id = lineage.startStageRun(start);
        events.started(id, false);
        return new StagePlan(id.toString(), definition.version(), params, false, null, dispatch, inputs);
    }

    private boolean outputsStillStored(CacheHit hit) {
        for (NamedDigest output : hit.outputs()) {
            if (!store.exists(output.digest())) {
                log.warn(
                        "cache entry {} is stale: output {} is gone from storage; re-running",
                        hit.stageRunId(),
                        output.digest());
                return false;
            }
        }
        return true;
    }

    private static StageResult resultOf(CacheHit hit) {
        Object primary = hit.summary().get(PRIMARY_OUTPUT);
        return new StageResult(
                primary == null ? null : primary.toString(),
                hit.outputs().stream()
                        .map(o -> new OutputRef(o.name(), o.digest()))
                        .toList(),
                hit.summary());
    }

    @Override
    public void completeStage(CompleteStageRequest request) {
        StageResult result = request.result();
        Map<String, Object> summary = new LinkedHashMap<>(result.summary());
        if (result.primary() != null) summary.put(PRIMARY_OUTPUT, result.primary());
        List<NamedDigest> outputs = result.outputs().stream()
                .map(o -> new NamedDigest(o.name(), o.digest()))
                .toList();
        lineage.completeStageRun(UUID.fromString(request.stageRunId()), outputs, summary);
        events.completed(UUID.fromString(request.stageRunId()));
    }

    @Override
    public void failStage(FailStageRequest request) {
        lineage.endStageRun(
                UUID.fromString(request.stageRunId()),
                request.cancelled() ? StageStatus.CANCELLED : StageStatus.FAILED,
                request.error());
        events.failed(UUID.fromString(request.stageRunId()), request.cancelled(), request.error());
    }

    @Override
    public void finishPipelineRun(FinishRunRequest request) {
        lineage.finishPipelineRun(request.runId(), StageStatus.fromDb(request.status()), request.error());
    }
}
