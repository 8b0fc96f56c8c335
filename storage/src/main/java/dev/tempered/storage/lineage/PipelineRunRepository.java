package dev.tempered.storage.lineage;

import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.RunFilter;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Pipeline runs, read with their stage runs and each stage's inputs and outputs.
 *
 * <pre>{@code
 * PipelineRunRepository runs = new PipelineRunRepository(dataSource);
 * runs.begin("demo-20261128-0c447d", "demo", spec, temporalRunId);
 * List<PipelineRunRecord> page = runs.recent(100, 0);   // one statement, whatever the page holds
 * }</pre>
 *
 * <p>A page of runs is one SQL statement: PostgreSQL nests each run's stages, and each stage's
 * edges, as JSON in the run's row ({@link StageRunJson}), so the dashboard's 2-second poll costs
 * one round trip and one pooled connection instead of 1 + 3 per stage. The page is limited before
 * the stages are gathered, so the cost follows the page size, not the table.
 *
 * <p>Not final: the lineage bench puts the pre-issue-10 per-run reads behind the same dashboard by
 * overriding {@link #recent(int, int)}.
 */
public class PipelineRunRepository {
    private static final String COLUMNS = "p.id, p.pipeline, p.status, p.spec, p.temporal_run_id, p.created_at, "
            + "p.finished_at, p.error, " + StageRunJson.arrayOfRun("p.id") + " AS stages";

    /** The page statement; parameters limit, offset. Public so that the lineage bench can EXPLAIN it. */
    public static final String PAGE_SQL =
            "WITH page AS (SELECT * FROM pipeline_runs ORDER BY created_at DESC, id LIMIT ? OFFSET ?) " + "SELECT "
                    + COLUMNS + " FROM page p ORDER BY p.created_at DESC, p.id";

    private static final String ONE = "SELECT " + COLUMNS + " FROM pipeline_runs p WHERE p.id = ?";

    private final Jdbc jdbc;

    public PipelineRunRepository(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Records a submitted run; repeating it (a retried activity) changes nothing. */
    public void begin(String id, String pipeline, Map<String, Object> spec, String temporalRunId) {
        jdbc.update("""
                INSERT INTO pipeline_runs (id, pipeline, spec, status, temporal_run_id)
                VALUES (?, ?, ?::jsonb, 'running', ?) ON CONFLICT (id) DO NOTHING""", id, pipeline, Json.write(spec), temporalRunId);
    }

    public void finish(String id, StageStatus status, String error) {
        int n = jdbc.update(
                "UPDATE pipeline_runs SET status = ?, error = ?, finished_at = now() WHERE id = ?",
                status.dbValue(),
                error,
                id);
        if (n == 0) throw new StorageException("no pipeline run '" + id + "' to finish");
    }

    /**
     * Records a run that Temporal no longer runs as {@code lost}, with its running stage runs, and
     * {@code error} saying why. Only a run still recorded as running changes (a run that finished
     * between the caller's check and this call keeps its outcome); returns whether this one did.
     * The end time is the last sign of life (a stage start or end, a metric), not the moment the
     * loss was noticed, so durations stay true.
     */
    public boolean markLost(String id, String error) {
        return jdbc.inTransaction(c -> {
            // Lock the run's row first, so that its stages and the run change together or not at all.
            boolean running = Jdbc.queryOne(
                            c,
                            "SELECT 1 FROM pipeline_runs WHERE id = ? AND status = 'running' FOR UPDATE",
                            rs -> true,
                            id)
                    .isPresent();
            if (!running) return false;
            Jdbc.exec(c, """
                    UPDATE stage_runs s SET status = 'lost', error = ?,
                        finished_at = GREATEST(s.started_at,
                            (SELECT max(m.recorded_at) FROM metrics m WHERE m.stage_run_id = s.id))
                    WHERE s.pipeline_run_id = ? AND s.status = 'running'""", error, id);
            int n = Jdbc.exec(c, """
                    UPDATE pipeline_runs p SET status = 'lost', error = ?,
                        finished_at = GREATEST(p.created_at,
                            (SELECT max(COALESCE(s.finished_at, s.started_at)) FROM stage_runs s
                             WHERE s.pipeline_run_id = p.id))
                    WHERE p.id = ? AND p.status = 'running'""", error, id);
            return n == 1;
        });
    }

    /** The ids of every run recorded as running, oldest first. */
    public List<String> runningIds() {
        return jdbc.query(
                "SELECT id FROM pipeline_runs WHERE status = 'running' ORDER BY created_at, id", rs -> rs.getString(1));
    }

    /**
     * Runs newest first ({@code created_at}, then id), skipping {@code offset} and returning at most
     * {@code limit}, each with its stages in position order.
     */
    public List<PipelineRunRecord> recent(int limit, int offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException(
                    "runs page limit and offset must be ≥ 0, got limit " + limit + ", offset " + offset);
        }
        return jdbc.query(PAGE_SQL, PipelineRunRepository::row, limit, offset);
    }

    /** Like {@link #recent(int, int)}, only the runs {@code filter} lets through. */
    public List<PipelineRunRecord> recent(RunFilter filter, int limit, int offset) {
        if (filter.isAll()) return recent(limit, offset);
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException(
                    "runs page limit and offset must be ≥ 0, got limit " + limit + ", offset " + offset);
        }
        String sql = "WITH page AS (SELECT * FROM pipeline_runs WHERE " + filter.whereSql()
                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?) SELECT " + COLUMNS
                + " FROM page p ORDER BY p.created_at DESC, p.id";
        List<Object> args = new ArrayList<>(filter.parameters());
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql, PipelineRunRepository::row, args.toArray());
    }

    public Optional<PipelineRunRecord> byId(String id) {
        return jdbc.queryOne(ONE, PipelineRunRepository::row, id);
    }

    /** How many candidates an ambiguous run id prefix lists. */
    private static final int AMBIGUOUS_SHOWN = 5;

    /** Resolves a unique id prefix (as users type them) to the full run id; an ambiguous one lists the matches. */
    public Optional<String> resolveId(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new IllegalArgumentException(
                    "run id '" + prefix + "' may contain only letters, digits, '.', '_' and '-'");
        }
        List<String> ids = jdbc.query(
                "SELECT id FROM pipeline_runs WHERE id = ? OR id LIKE ? ORDER BY id LIMIT ?",
                rs -> rs.getString(1),
                prefix,
                likePrefix(prefix),
                AMBIGUOUS_SHOWN + 1);
        if (ids.contains(prefix)) return Optional.of(prefix);
        if (ids.size() > 1) {
            // Listing the candidates lets the user pick one without a trip to `runs`.
            throw new IllegalArgumentException("run id prefix '" + prefix + "' is ambiguous: it matches "
                    + String.join(", ", ids.subList(0, Math.min(ids.size(), AMBIGUOUS_SHOWN)))
                    + (ids.size() > AMBIGUOUS_SHOWN ? " and more" : "") + "; type more of the id");
        }
        return ids.stream().findFirst();
    }

    private static PipelineRunRecord row(ResultSet rs) throws SQLException {
        return new PipelineRunRecord(
                rs.getString("id"),
                rs.getString("pipeline"),
                StageStatus.fromDb(rs.getString("status")),
                Json.readMap(rs.getString("spec")),
                rs.getString("temporal_run_id"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "finished_at"),
                rs.getString("error"),
                StageRunJson.parse(rs.getString("stages")));
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
