package dev.tempered.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The lineage store: artifacts, pipeline runs, stage runs, their input/output edges and metrics,
 * in PostgreSQL through parameterised JDBC only.
 *
 * <pre>{@code
 * LineageStore lineage = new LineageStore(Database.open(dbConfig));
 * lineage.recordArtifact(ArtifactRecord.of(stored, "raw-pages", "application/x-ndjson+gzip", Map.of()));
 * UUID run = lineage.startStageRun(start);
 * lineage.completeStageRun(run, List.of(new NamedDigest("manifest", digest)), Map.of("pages", 812));
 * }</pre>
 *
 * <p>Writes that a retried activity may repeat are idempotent: an artifact recorded twice, a
 * stage run started twice for the same pipeline position, a run begun twice. Records never
 * point at an artifact row that does not exist (foreign keys), and callers record an artifact
 * only after its bytes are stored, so lineage never points at a missing object.
 */
public final class LineageStore {
    private final DataSource db;

    public LineageStore(DataSource db) {
        this.db = db;
    }

    // ---- artifacts -------------------------------------------------------------------------

    public void recordArtifact(ArtifactRecord a) {
        update("""
                INSERT INTO artifacts (digest, kind, size, media_type, storage_key, metadata)
                VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (digest) DO NOTHING""",
                a.digest(), a.kind(), a.size(), a.mediaType(), a.storageKey(), Json.write(a.metadata()));
    }

    public Optional<ArtifactRecord> artifact(String digest) {
        Digests.require(digest);
        return queryOne("SELECT * FROM artifacts WHERE digest = ?", LineageStore::artifactRow, digest);
    }

    public List<ArtifactRecord> recentArtifacts(int limit) {
        return query("SELECT * FROM artifacts ORDER BY created_at DESC, digest LIMIT ?", LineageStore::artifactRow, limit);
    }

    /** The newest artifacts of one kind (the playground's recent checkpoints). */
    public List<ArtifactRecord> recentArtifacts(String kind, int limit) {
        return query("SELECT * FROM artifacts WHERE kind = ? ORDER BY created_at DESC, digest LIMIT ?",
                LineageStore::artifactRow, kind, limit);
    }

    // ---- pipeline runs -------------------------------------------------------------------------

    /** Records a submitted run; repeating it (a retried activity) changes nothing. */
    public void beginPipelineRun(String id, String pipeline, Map<String, Object> spec, String temporalRunId) {
        update("""
                INSERT INTO pipeline_runs (id, pipeline, spec, status, temporal_run_id)
                VALUES (?, ?, ?::jsonb, 'running', ?) ON CONFLICT (id) DO NOTHING""",
                id, pipeline, Json.write(spec), temporalRunId);
    }

    public void finishPipelineRun(String id, StageStatus status, String error) {
        int n = update("UPDATE pipeline_runs SET status = ?, error = ?, finished_at = now() WHERE id = ?",
                status.dbValue(), error, id);
        if (n == 0) throw new StorageException("no pipeline run '" + id + "' to finish");
    }

    public List<PipelineRunRecord> recentRuns(int limit) {
        List<PipelineRunRecord> runs = query("SELECT * FROM pipeline_runs ORDER BY created_at DESC, id LIMIT ?",
                rs -> pipelineRow(rs, List.of()), limit);
        List<PipelineRunRecord> withStages = new ArrayList<>(runs.size());
        for (PipelineRunRecord r : runs) withStages.add(withStages(r));
        return withStages;
    }

    public Optional<PipelineRunRecord> run(String id) {
        return queryOne("SELECT * FROM pipeline_runs WHERE id = ?", rs -> pipelineRow(rs, List.of()), id)
                .map(this::withStages);
    }

    /** Resolves a unique id prefix (as users type them) to the full run id. */
    public Optional<String> resolveRunId(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new IllegalArgumentException("run id '" + prefix + "' may contain only letters, digits, '.', '_' and '-'");
        }
        List<String> ids = query("SELECT id FROM pipeline_runs WHERE id = ? OR id LIKE ? ORDER BY id LIMIT 2",
                rs -> rs.getString(1), prefix, likePrefix(prefix));
        if (ids.contains(prefix)) return Optional.of(prefix);
        if (ids.size() > 1) throw new IllegalArgumentException("run id prefix '" + prefix + "' is ambiguous");
        return ids.stream().findFirst();
    }

    private PipelineRunRecord withStages(PipelineRunRecord r) {
        return new PipelineRunRecord(r.id(), r.pipeline(), r.status(), r.spec(), r.temporalRunId(), r.created(),
                r.finished(), r.error(), stageRuns(r.id()));
    }

    // ---- stage runs ------------------------------------------------------------------------------

    /**
     * Records a stage run as running and returns its id. A repeat for the same pipeline run and
     * position (a retried planning activity) returns the existing id.
     */
    public UUID startStageRun(StageRunStart s) {
        return insertStageRun(s, StageStatus.RUNNING, null);
    }

    /** Records a stage run that reused an earlier run's outputs; it is born succeeded. */
    public UUID recordCachedStageRun(StageRunStart s, CacheHit hit) {
        UUID id = insertStageRun(s, StageStatus.SUCCEEDED, hit.stageRunId());
        inTransaction(c -> {
            insertEdges(c, "stage_outputs", id, hit.outputs());
            exec(c, "UPDATE stage_runs SET finished_at = now(), summary = ?::jsonb WHERE id = ?",
                    Json.write(hit.summary()), id);
            return null;
        });
        return id;
    }

    private UUID insertStageRun(StageRunStart s, StageStatus status, UUID cachedFrom) {
        return inTransaction(c -> {
            UUID fresh = UUID.randomUUID();
            int inserted = exec(c, """
                    INSERT INTO stage_runs (id, pipeline_run_id, position, stage, stage_version, cache_key, params,
                                            status, cached_from, workflow_id, temporal_run_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                    ON CONFLICT (pipeline_run_id, position) DO NOTHING""",
                    fresh, s.pipelineRunId(), s.position(), s.stage(), s.stageVersion(), s.cacheKey(),
                    Json.write(s.params()), status.dbValue(), cachedFrom, s.workflowId(), s.temporalRunId());
            if (inserted == 0) {
                return queryOne(c, "SELECT id FROM stage_runs WHERE pipeline_run_id = ? AND position = ?",
                        rs -> rs.getObject(1, UUID.class), s.pipelineRunId(), s.position()).orElseThrow();
            }
            insertEdges(c, "stage_inputs", fresh, s.inputs());
            return fresh;
        });
    }

    /** Marks the run succeeded with its outputs; every output artifact must already be recorded. */
    public void completeStageRun(UUID id, List<NamedDigest> outputs, Map<String, Object> summary) {
        inTransaction(c -> {
            exec(c, "DELETE FROM stage_outputs WHERE stage_run_id = ?", id);
            insertEdges(c, "stage_outputs", id, outputs);
            int n = exec(c, """
                    UPDATE stage_runs SET status = 'succeeded', finished_at = now(), error = NULL, summary = ?::jsonb
                    WHERE id = ?""", Json.write(summary == null ? Map.of() : summary), id);
            if (n == 0) throw new StorageException("no stage run " + id + " to complete");
            return null;
        });
    }

    /**
     * Links outputs to a stage run while it is still running, such as each checkpoint as training
     * publishes it, so that a run that later fails or is killed still shows what it wrote. Adding an
     * edge twice is a no-op; {@link #completeStageRun} replaces them all with the final list.
     */
    public void addStageOutputs(UUID id, List<NamedDigest> outputs) {
        inTransaction(c -> {
            insertEdges(c, "stage_outputs", id, outputs);
            return null;
        });
    }

    /** Ends a run as failed or cancelled with the error that ended it. */
    public void endStageRun(UUID id, StageStatus status, String error) {
        if (status == StageStatus.RUNNING || status == StageStatus.SUCCEEDED) {
            throw new IllegalArgumentException("endStageRun takes FAILED or CANCELLED, not " + status);
        }
        update("UPDATE stage_runs SET status = ?, finished_at = now(), error = ? WHERE id = ?",
                status.dbValue(), error, id);
    }

    /** Updates a running stage's summary (progress the dashboard shows before it finishes). */
    public void updateStageSummary(UUID id, Map<String, Object> summary) {
        update("UPDATE stage_runs SET summary = ?::jsonb WHERE id = ?", Json.write(summary), id);
    }

    /** The newest successful, non-cached run with this key. Callers check its outputs still exist. */
    public Optional<CacheHit> findReusable(String cacheKey) {
        Digests.require(cacheKey);
        return queryOne("""
                SELECT id, summary FROM stage_runs
                WHERE cache_key = ? AND status = 'succeeded' AND cached_from IS NULL
                ORDER BY finished_at DESC LIMIT 1""",
                rs -> new CacheHit(rs.getObject("id", UUID.class), List.of(), Json.readMap(rs.getString("summary"))),
                cacheKey)
                .map(hit -> new CacheHit(hit.stageRunId(), edges("stage_outputs", hit.stageRunId()).stream()
                        .map(ref -> new NamedDigest(ref.name(), ref.digest())).toList(), hit.summary()));
    }

    public Optional<StageRunRecord> stageRun(UUID id) {
        return queryOne("SELECT * FROM stage_runs WHERE id = ?", this::stageRow, id);
    }

    private List<StageRunRecord> stageRuns(String pipelineRunId) {
        return query("SELECT * FROM stage_runs WHERE pipeline_run_id = ? ORDER BY position",
                this::stageRow, pipelineRunId);
    }

    // ---- metrics -----------------------------------------------------------------------------------

    /** Stores points; a repeated (stage run, name, step) keeps the newest value (retries re-report). */
    public void recordMetrics(UUID stageRunId, List<MetricPoint> points) {
        if (points.isEmpty()) return;
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO metrics (stage_run_id, step, name, value) VALUES (?, ?, ?, ?)
                    ON CONFLICT (stage_run_id, name, step) DO UPDATE SET value = EXCLUDED.value, recorded_at = now()""")) {
                for (MetricPoint p : points) {
                    ps.setObject(1, stageRunId);
                    ps.setLong(2, p.step());
                    ps.setString(3, p.name());
                    ps.setDouble(4, p.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Points of a stage run ordered by series and step; {@code afterStep} lets live views fetch only new ones. */
    public List<MetricPoint> metrics(UUID stageRunId, long afterStep) {
        return query("""
                SELECT step, name, value, recorded_at FROM metrics
                WHERE stage_run_id = ? AND step > ? ORDER BY name, step""",
                rs -> new MetricPoint(rs.getLong(1), rs.getString(2), rs.getDouble(3), instant(rs, 4)),
                stageRunId, afterStep);
    }

    // ---- lineage -----------------------------------------------------------------------------------

    public Optional<Lineage> lineage(String digest) {
        return artifact(digest).map(a -> new Lineage(a,
                links("stage_outputs", "stage_inputs", digest),
                links("stage_inputs", "stage_outputs", digest)));
    }

    /** Stage runs linked to the artifact through {@code via}, each with its {@code other}-side artifacts. */
    private List<StageRunLink> links(String via, String other, String digest) {
        // Table names come from the two literals above, never from input.
        List<StageRunLink> runs = query("SELECT DISTINCT s.id, s.pipeline_run_id, s.stage, s.status, s.started_at FROM "
                        + via + " e JOIN stage_runs s ON s.id = e.stage_run_id WHERE e.artifact_digest = ? "
                        + "ORDER BY s.started_at, s.id",
                rs -> new StageRunLink(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        StageStatus.fromDb(rs.getString(4)), instant(rs, 5), List.of()),
                digest);
        List<StageRunLink> full = new ArrayList<>();
        for (StageRunLink r : runs) {
            full.add(new StageRunLink(r.stageRunId(), r.pipelineRunId(), r.stage(), r.status(), r.started(),
                    edges(other, r.stageRunId())));
        }
        return full;
    }

    private List<ArtifactRef> edges(String table, UUID stageRunId) {
        return query("SELECT e.name, e.artifact_digest, a.kind, a.size FROM " + table
                        + " e JOIN artifacts a ON a.digest = e.artifact_digest WHERE e.stage_run_id = ? ORDER BY e.name, e.position",
                rs -> new ArtifactRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), stageRunId);
    }

    private static void insertEdges(Connection c, String table, UUID stageRunId, List<NamedDigest> edges) throws SQLException {
        Map<String, Integer> positions = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (stage_run_id, artifact_digest, name, position) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (NamedDigest e : edges) {
                int position = positions.merge(e.name(), 1, Integer::sum) - 1;
                ps.setObject(1, stageRunId);
                ps.setString(2, e.digest());
                ps.setString(3, e.name());
                ps.setInt(4, position);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState()) || (e.getNextException() != null && "23503".equals(e.getNextException().getSQLState()))) {
                throw new StorageException("stage run " + stageRunId + " names an artifact that was never recorded: "
                        + edges.stream().map(NamedDigest::digest).toList() + "; record artifacts before linking them", e);
            }
            throw e;
        }
    }

    // ---- row mapping ---------------------------------------------------------------------------------

    private static ArtifactRecord artifactRow(ResultSet rs) throws SQLException {
        return new ArtifactRecord(rs.getString("digest"), rs.getString("kind"), rs.getLong("size"),
                rs.getString("media_type"), rs.getString("storage_key"), Json.readMap(rs.getString("metadata")),
                instant(rs, "created_at"));
    }

    private static PipelineRunRecord pipelineRow(ResultSet rs, List<StageRunRecord> stages) throws SQLException {
        return new PipelineRunRecord(rs.getString("id"), rs.getString("pipeline"),
                StageStatus.fromDb(rs.getString("status")), Json.readMap(rs.getString("spec")),
                rs.getString("temporal_run_id"), instant(rs, "created_at"), instant(rs, "finished_at"),
                rs.getString("error"), stages);
    }

    private StageRunRecord stageRow(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID cachedFrom = rs.getObject("cached_from", UUID.class);
        return new StageRunRecord(id, rs.getString("pipeline_run_id"), rs.getInt("position"), rs.getString("stage"),
                rs.getInt("stage_version"), rs.getString("cache_key"), Json.readMap(rs.getString("params")),
                StageStatus.fromDb(rs.getString("status")), cachedFrom != null, cachedFrom,
                rs.getString("workflow_id"), rs.getString("temporal_run_id"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("error"), Json.readMap(rs.getString("summary")),
                edges("stage_inputs", id), edges("stage_outputs", id));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    // ---- JDBC plumbing ---------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(TxWork<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("lineage database error: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        return inTransaction(c -> exec(c, sql, args));
    }

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = db.getConnection()) {
            return query(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StorageException("lineage database error: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) rows.add(mapper.map(rs));
                return rows;
            }
        }
    }

    private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        return query(sql, mapper, args).stream().findFirst();
    }

    private static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        return query(c, sql, mapper, args).stream().findFirst();
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
    }
}
