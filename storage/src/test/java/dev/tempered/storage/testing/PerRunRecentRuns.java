package dev.tempered.storage.testing;

import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StorageException;
import dev.tempered.storage.lineage.PipelineRunRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * THE OLD IMPLEMENTATION, kept as a reference: how {@code LineageStore.recentRuns} and
 * {@code LineageStore.run} read runs before issue 10, copied unchanged in behaviour (only the
 * {@code OFFSET} is new). One query for the page, then per run one query for its stages, and per
 * stage two queries for its inputs and outputs, each borrowing its own pooled connection while
 * the enclosing result set still holds one.
 *
 * <p>Used by {@code RunsPageQueryTest} (the new single statement must return exactly what this
 * returns) and by the lineage bench as the named peer behind the same dashboard. Never used by
 * the platform.
 */
public final class PerRunRecentRuns extends PipelineRunRepository {
    private final DataSource db;

    public PerRunRecentRuns(DataSource db) {
        super(db);
        this.db = db;
    }

    @Override
    public List<PipelineRunRecord> recent(int limit, int offset) {
        List<PipelineRunRecord> runs = query(
                "SELECT * FROM pipeline_runs ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                rs -> pipelineRow(rs, List.of()),
                limit,
                offset);
        List<PipelineRunRecord> withStages = new ArrayList<>(runs.size());
        for (PipelineRunRecord r : runs) withStages.add(withStages(r));
        return withStages;
    }

    @Override
    public Optional<PipelineRunRecord> byId(String id) {
        return query("SELECT * FROM pipeline_runs WHERE id = ?", rs -> pipelineRow(rs, List.of()), id).stream()
                .findFirst()
                .map(this::withStages);
    }

    private PipelineRunRecord withStages(PipelineRunRecord r) {
        return new PipelineRunRecord(
                r.id(),
                r.pipeline(),
                r.status(),
                r.spec(),
                r.temporalRunId(),
                r.created(),
                r.finished(),
                r.error(),
                stageRuns(r.id()));
    }

    private List<StageRunRecord> stageRuns(String pipelineRunId) {
        return query(
                "SELECT * FROM stage_runs WHERE pipeline_run_id = ? ORDER BY position", this::stageRow, pipelineRunId);
    }

    private List<ArtifactRef> edges(String table, UUID stageRunId) {
        return query(
                "SELECT e.name, e.artifact_digest, a.kind, a.size FROM " + table
                        + " e JOIN artifacts a ON a.digest = e.artifact_digest WHERE e.stage_run_id = ? ORDER BY e.name, e.position",
                rs -> new ArtifactRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                stageRunId);
    }

    private static PipelineRunRecord pipelineRow(ResultSet rs, List<StageRunRecord> stages) throws SQLException {
        return new PipelineRunRecord(
                rs.getString("id"),
                rs.getString("pipeline"),
                StageStatus.fromDb(rs.getString("status")),
                Json.readMap(rs.getString("spec")),
                rs.getString("temporal_run_id"),
                instant(rs, "created_at"),
                instant(rs, "finished_at"),
                rs.getString("error"),
                stages);
    }

    /** Reads the edges while the stage rows' result set is still open: a second connection per call. */
    private StageRunRecord stageRow(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID cachedFrom = rs.getObject("cached_from", UUID.class);
        return new StageRunRecord(
                id,
                rs.getString("pipeline_run_id"),
                rs.getInt("position"),
                rs.getString("stage"),
                rs.getInt("stage_version"),
                rs.getString("cache_key"),
                Json.readMap(rs.getString("params")),
                StageStatus.fromDb(rs.getString("status")),
                cachedFrom != null,
                cachedFrom,
                rs.getString("workflow_id"),
                rs.getString("temporal_run_id"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("error"),
                Json.readMap(rs.getString("summary")),
                edges("stage_inputs", id),
                edges("stage_outputs", id));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) rows.add(mapper.map(rs));
                return rows;
            }
        } catch (SQLException e) {
            throw new StorageException("lineage database error: " + e.getMessage(), e);
        }
    }
}
