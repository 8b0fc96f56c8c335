package dev.tempered.storage.lineage;

import dev.tempered.storage.CacheHit;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StorageException;
import dev.tempered.storage.UnfinishedAttempt;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stage runs through their life (started or cached → completed, failed or cancelled), their edges
 * to artifacts and the cache lookup.
 *
 * <pre>{@code
 * StageRunRepository stages = new StageRunRepository(dataSource);
 * UUID run = stages.start(start);
 * stages.complete(run, List.of(new NamedDigest("manifest", digest)), Map.of("pages", 812));
 * }</pre>
 *
 * <p>Writes that a retried activity may repeat are idempotent: a stage run started twice for the
 * same pipeline position returns the first id, an edge added twice is kept once. Edges to an
 * artifact that was never recorded are refused (foreign keys), so lineage never points at nothing.
 */
public final class StageRunRepository {
    private final Jdbc jdbc;

    public StageRunRepository(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Records a stage run as running and returns its id; a repeat for the same run and position returns the existing id. */
    public UUID start(StageRunStart s) {
        return jdbc.inTransaction(c -> insert(c, s, StageStatus.RUNNING, null));
    }

    /** Records a stage run that reused an earlier run's outputs; it is born succeeded. */
    public UUID recordCached(StageRunStart s, CacheHit hit) {
        return jdbc.inTransaction(c -> {
            UUID id = insert(c, s, StageStatus.SUCCEEDED, hit.stageRunId());
            Edges.insert(c, Edges.Side.OUTPUTS, id, hit.outputs());
            Jdbc.exec(
                    c,
                    "UPDATE stage_runs SET finished_at = now(), summary = ?::jsonb WHERE id = ?",
                    Json.write(hit.summary()),
                    id);
            return id;
        });
    }

    private static UUID insert(Connection c, StageRunStart s, StageStatus status, UUID cachedFrom) throws SQLException {
        UUID fresh = UUID.randomUUID();
        int inserted = Jdbc.exec(
                c,
                """
                INSERT INTO stage_runs (id, pipeline_run_id, position, stage, stage_version, cache_key, params,
                                        status, cached_from, workflow_id, temporal_run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (pipeline_run_id, position) DO NOTHING""",
                fresh,
                s.pipelineRunId(),
                s.position(),
                s.stage(),
                s.stageVersion(),
                s.cacheKey(),
                Json.write(s.params()),
                status.dbValue(),
                cachedFrom,
                s.workflowId(),
                s.temporalRunId());
        if (inserted == 0) {
            return Jdbc.queryOne(
                            c,
                            "SELECT id FROM stage_runs WHERE pipeline_run_id = ? AND position = ?",
                            rs -> rs.getObject(1, UUID.class),
                            s.pipelineRunId(),
                            s.position())
                    .orElseThrow();
        }
        Edges.insert(c, Edges.Side.INPUTS, fresh, s.inputs());
        return fresh;
    }

    /** Marks the run succeeded with its outputs, replacing any added while it ran; every output must be recorded. */
    public void complete(UUID id, List<NamedDigest> outputs, Map<String, Object> summary) {
        jdbc.inTransaction(c -> {
            Jdbc.exec(c, "DELETE FROM stage_outputs WHERE stage_run_id = ?", id);
            Edges.insert(c, Edges.Side.OUTPUTS, id, outputs);
            int n = Jdbc.exec(c, """
                    UPDATE stage_runs SET status = 'succeeded', finished_at = now(), error = NULL, summary = ?::jsonb
                    WHERE id = ?""", Json.write(summary == null ? Map.of() : summary), id);
            if (n == 0) throw new StorageException("no stage run " + id + " to complete");
            return null;
        });
    }

    /**
     * Links outputs to a stage run while it is still running, such as each checkpoint as training
     * publishes it, so that a run that later fails or is killed still shows what it wrote. Adding an
     * edge twice is a no-op; {@link #complete} replaces them all with the final list.
     */
    public void addOutputs(UUID id, List<NamedDigest> outputs) {
        jdbc.inTransaction(c -> {
            Edges.insert(c, Edges.Side.OUTPUTS, id, outputs);
            return null;
        });
    }

    /** Ends a run as failed or cancelled with the error that ended it. */
    public void end(UUID id, StageStatus status, String error) {
        if (status == StageStatus.RUNNING || status == StageStatus.SUCCEEDED) {
            throw new IllegalArgumentException("endStageRun takes FAILED, CANCELLED or LOST, not " + status);
        }
        jdbc.update(
                "UPDATE stage_runs SET status = ?, finished_at = now(), error = ? WHERE id = ?",
                status.dbValue(),
                error,
                id);
    }

    /** Updates a running stage's summary (progress the dashboard shows before it finishes). */
    public void updateSummary(UUID id, Map<String, Object> summary) {
        jdbc.update("UPDATE stage_runs SET summary = ?::jsonb WHERE id = ?", Json.write(summary), id);
    }

    /** The newest successful, non-cached run with this key, with its outputs. Callers check the outputs still exist. */
    public Optional<CacheHit> findReusable(String cacheKey) {
        Digests.require(cacheKey);
        return jdbc.queryOne(
                "SELECT s.id, s.summary, " + Edges.jsonArray(Edges.Side.OUTPUTS, "s.id") + " AS outputs "
                        + "FROM stage_runs s WHERE s.cache_key = ? AND s.status = 'succeeded' AND s.cached_from IS NULL "
                        + "ORDER BY s.finished_at DESC LIMIT 1",
                rs -> new CacheHit(
                        rs.getObject("id", UUID.class),
                        Edges.parse(rs.getString("outputs")).stream()
                                .map(ref -> new NamedDigest(ref.name(), ref.digest()))
                                .toList(),
                        Json.readMap(rs.getString("summary"))),
                cacheKey);
    }

    /**
     * The newest unfinished (failed, cancelled or lost) run of the same work as stage run {@code id}
     * (same cache key, not a cache hit) that linked checkpoints while it ran, with them in step
     * order. Training is deterministic for a cache key, so its checkpoints are what this run would
     * write itself.
     */
    public Optional<UnfinishedAttempt> unfinishedAttemptOf(UUID id) {
        return jdbc.queryOne(
                "SELECT s.id, s.pipeline_run_id, " + Edges.jsonArray(Edges.Side.OUTPUTS, "s.id") + " AS outputs "
                        + "FROM stage_runs s WHERE s.cache_key = (SELECT cache_key FROM stage_runs WHERE id = ?) "
                        + "AND s.id <> ? AND s.cached_from IS NULL AND s.status IN ('failed', 'cancelled', 'lost') "
                        + "AND EXISTS (SELECT 1 FROM stage_outputs o WHERE o.stage_run_id = s.id AND o.name LIKE ?) "
                        + "ORDER BY s.started_at DESC, s.id LIMIT 1",
                rs -> new UnfinishedAttempt(
                        rs.getObject("id", UUID.class),
                        rs.getString("pipeline_run_id"),
                        Edges.parse(rs.getString("outputs")).stream()
                                .filter(ref -> ref.name().matches(UnfinishedAttempt.CHECKPOINT_PREFIX + "\\d+"))
                                .map(ref -> new NamedDigest(ref.name(), ref.digest()))
                                .sorted(Comparator.comparingLong(UnfinishedAttempt::stepOf))
                                .toList()),
                id,
                id,
                "checkpoint\\_step\\_%");
    }

    public Optional<StageRunRecord> byId(UUID id) {
        return jdbc.queryOne(
                "SELECT " + StageRunJson.OBJECT + "::text AS stage FROM stage_runs s WHERE s.id = ?",
                rs -> StageRunJson.parseOne(rs.getString("stage")),
                id);
    }

    /** The pipeline run of each of these stage runs that exists (a cached stage's link to the run it reused). */
    public Map<UUID, String> pipelineRunIds(Collection<UUID> stageRunIds) {
        if (stageRunIds.isEmpty()) return Map.of();
        Map<UUID, String> runs = new LinkedHashMap<>();
        jdbc.query(
                        "SELECT id, pipeline_run_id FROM stage_runs WHERE id = ANY(?)",
                        rs -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)),
                        new Jdbc.UuidArray(stageRunIds.toArray(UUID[]::new)))
                .forEach(e -> runs.put(e.getKey(), e.getValue()));
        return runs;
    }
}
