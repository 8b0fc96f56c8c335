package dev.tempered.storage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON shape of runs, stages, artifacts and lineage, shared by {@code tempered runs --json},
 * {@code tempered show --json} and the web UI's {@code /api}. Field names are snake_case and stable.
 */
public final class RunJson {
    private RunJson() {}

    public static Map<String, Object> run(PipelineRunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("pipeline", r.pipeline());
        m.put("status", r.status().dbValue());
        m.put("created", r.created());
        m.put("finished", r.finished());
        m.put("duration_ms", durationMs(r.created(), r.finished()));
        m.put("error", r.error());
        m.put(StageWarnings.KEY, StageWarnings.of(r));
        m.put("temporal_run_id", r.temporalRunId());
        m.put("stages", r.stages().stream().map(RunJson::stage).toList());
        return m;
    }

    public static Map<String, Object> stage(StageRunRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().toString());
        m.put("name", s.stage());
        m.put("position", s.position());
        m.put("version", s.stageVersion());
        m.put("status", s.status().dbValue());
        m.put("cached", s.cached());
        m.put("cached_from", s.cachedFrom() == null ? null : s.cachedFrom().toString());
        m.put("cache_key", s.cacheKey());
        m.put("started", s.started());
        m.put("finished", s.finished());
        m.put("duration_ms", durationMs(s.started(), s.finished()));
        m.put("params", s.params());
        m.put("error", s.error());
        m.put("summary", s.summary());
        m.put("workflow_id", s.workflowId());
        m.put("inputs", refs(s.inputs()));
        m.put("outputs", refs(s.outputs()));
        return m;
    }

    public static Map<String, Object> artifact(ArtifactRecord a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("digest", a.digest());
        m.put("kind", a.kind());
        m.put("size", a.size());
        m.put("media_type", a.mediaType());
        m.put("storage_key", a.storageKey());
        m.put("metadata", a.metadata());
        m.put("created", a.createdAt());
        return m;
    }

    public static Map<String, Object> lineage(Lineage l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("artifact", artifact(l.artifact()));
        m.put(
                "produced_by",
                l.producedBy().stream().map(link -> link(link, "inputs")).toList());
        m.put(
                "consumed_by",
                l.consumedBy().stream().map(link -> link(link, "outputs")).toList());
        return m;
    }

    private static Map<String, Object> link(StageRunLink link, String side) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage_run_id", link.stageRunId().toString());
        m.put("run_id", link.pipelineRunId());
        m.put("stage", link.stage());
        m.put("status", link.status().dbValue());
        m.put("started", link.started());
        if (link.via() != null) m.put("via_manifest", link.via());
        m.put(side, refs(link.artifacts()));
        return m;
    }

    private static List<Map<String, Object>> refs(List<ArtifactRef> refs) {
        return refs.stream()
                .map(ref -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", ref.name());
                    m.put("digest", ref.digest());
                    m.put("kind", ref.kind());
                    m.put("size", ref.size());
                    if (ref.path() != null) m.put("path", ref.path());
                    return m;
                })
                .toList();
    }

    private static Long durationMs(java.time.Instant start, java.time.Instant end) {
        return start == null || end == null
                ? null
                : Duration.between(start, end).toMillis();
    }
}
