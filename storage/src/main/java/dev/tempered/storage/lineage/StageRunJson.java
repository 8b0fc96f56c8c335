package dev.tempered.storage.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stage run with its input and output edges as one JSON object built by PostgreSQL, and its
 * mapping to {@link StageRunRecord}. Building the object in SQL is what lets a page of runs come
 * back in one statement: each run row carries its stages as a JSON array, each stage its edges.
 *
 * <p>Times travel as integer microseconds since the epoch (PostgreSQL's resolution), not as text,
 * so they are exact and independent of the session's time zone. {@code params} and {@code summary}
 * are parsed by the same Jackson configuration as {@link Json#readMap}, so the maps hold the same
 * types a column read gives.
 */
final class StageRunJson {
    private static final TypeReference<List<Row>> ROWS = new TypeReference<>() {};

    private StageRunJson() {}

    /** The JSON object of the {@code stage_runs} row aliased {@code s}. */
    static final String OBJECT = "json_build_object("
            + "'id', s.id, 'pipeline_run_id', s.pipeline_run_id, 'position', s.position, 'stage', s.stage, "
            + "'stage_version', s.stage_version, 'cache_key', s.cache_key, 'params', s.params, 'status', s.status, "
            + "'cached_from', s.cached_from, 'workflow_id', s.workflow_id, 'temporal_run_id', s.temporal_run_id, "
            + "'started_us', " + micros("s.started_at") + ", 'finished_us', " + micros("s.finished_at") + ", "
            + "'error', s.error, 'summary', s.summary, "
            + "'inputs', " + Edges.jsonArray(Edges.Side.INPUTS, "s.id") + ", "
            + "'outputs', " + Edges.jsonArray(Edges.Side.OUTPUTS, "s.id") + ")";

    /**
     * A scalar subquery: the stage runs of the pipeline run whose id is {@code pipelineRunId} (a
     * column of the enclosing query) as a JSON array in position order, {@code []} when none.
     * Reads the {@code (pipeline_run_id, position)} unique index.
     */
    static String arrayOfRun(String pipelineRunId) {
        return "(SELECT COALESCE(json_agg(" + OBJECT + " ORDER BY s.position), '[]'::json) FROM stage_runs s "
                + "WHERE s.pipeline_run_id = " + pipelineRunId + ")";
    }

    private static String micros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
    }

    static StageRunRecord parseOne(String json) {
        return parse("[" + json + "]").get(0);
    }

    static List<StageRunRecord> parse(String jsonArray) {
        try {
            return Json.MAPPER.readValue(jsonArray, ROWS).stream()
                    .map(Row::toRecord)
                    .toList();
        } catch (JsonProcessingException e) {
            throw new StorageException(
                    "lineage database returned stage runs in an unexpected JSON shape: " + e.getOriginalMessage(), e);
        }
    }

    /** The object's fields as {@link #OBJECT} names them. */
    record Row(
            UUID id,
            @JsonProperty("pipeline_run_id") String pipelineRunId,
            int position,
            String stage,
            @JsonProperty("stage_version") int stageVersion,
            @JsonProperty("cache_key") String cacheKey,
            Map<String, Object> params,
            String status,
            @JsonProperty("cached_from") UUID cachedFrom,
            @JsonProperty("workflow_id") String workflowId,
            @JsonProperty("temporal_run_id") String temporalRunId,
            @JsonProperty("started_us") Long startedMicros,
            @JsonProperty("finished_us") Long finishedMicros,
            String error,
            Map<String, Object> summary,
            List<ArtifactRef> inputs,
            List<ArtifactRef> outputs) {
        StageRunRecord toRecord() {
            return new StageRunRecord(
                    id,
                    pipelineRunId,
                    position,
                    stage,
                    stageVersion,
                    cacheKey,
                    params,
                    StageStatus.fromDb(status),
                    cachedFrom != null,
                    cachedFrom,
                    workflowId,
                    temporalRunId,
                    instant(startedMicros),
                    instant(finishedMicros),
                    error,
                    summary,
                    inputs,
                    outputs);
        }
    }

    private static Instant instant(Long micros) {
        return micros == null ? null : Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L));
    }
}
