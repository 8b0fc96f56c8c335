package dev.tempered.storage.lineage;

import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.MetricSeries;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Time series that stages report while they run (loss, learning rate, pages read), and their
 * downsampling for plots.
 *
 * <pre>{@code
 * MetricRepository metrics = new MetricRepository(dataSource);
 * metrics.record(stageRunId, List.of(MetricPoint.of(120, "loss", 3.91)));
 * List<MetricSeries> plotted = metrics.series(stageRunId, 600);   // at most 600 points per series
 * }</pre>
 *
 * <h2>Downsampling</h2>
 * A series with at most {@code maxPoints} points comes back exactly. A longer one is cut into
 * {@code maxPoints / 4} buckets of equal step width ({@code width_bucket} over the series' own
 * step range), and each bucket keeps its first, last, minimum and maximum point: the M4
 * aggregation of Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation"
 * (VLDB 2014). Why this and not every n-th point or an average per bucket: a loss spike or a
 * gradient-norm blow-up is one step wide, and only min/max per bucket guarantees it is drawn;
 * first/last keep the line's joins between buckets where they are. Why buckets of equal width
 * ({@code width_bucket}) and not of equal count ({@code ntile}): a plot's x axis is steps, so
 * equal-width buckets map to equal pixel columns; {@code ntile} would spend the budget on densely
 * logged stretches (a resumed run that re-reports steps, a stage that logs faster later) and
 * leave sparse ones coarse. A bucket yields 1 to 4 points (they coincide when it holds fewer),
 * so a series never exceeds {@code maxPoints}. Ties on a value keep the earliest step.
 *
 * <p>All of this runs in PostgreSQL over the {@code (stage_run_id, name, step)} primary key: the
 * dashboard receives hundreds of points for a 50,000-step run, never the run.
 */
public final class MetricRepository {
    /** Below this a bucket of four (first, last, min, max) cannot be formed. */
    public static final int MIN_POINTS = 4;

    private static final String DOWNSAMPLED = """
            WITH counted AS (
                SELECT stage_run_id, name, step, value,
                       count(*) OVER series AS total, min(step) OVER series AS lo, max(step) OVER series AS hi
                FROM metrics WHERE stage_run_id = ANY(?)
                WINDOW series AS (PARTITION BY stage_run_id, name)
            ), bucketed AS (
                SELECT *, CASE WHEN total <= ? THEN step
                               ELSE width_bucket(step::numeric, lo::numeric, (hi + 1)::numeric, ?) END AS bucket
                FROM counted
            ), ranked AS (
                SELECT *, row_number() OVER (b ORDER BY step) AS by_first,
                          row_number() OVER (b ORDER BY step DESC) AS by_last,
                          row_number() OVER (b ORDER BY value, step) AS by_min,
                          row_number() OVER (b ORDER BY value DESC, step) AS by_max
                FROM bucketed
                WINDOW b AS (PARTITION BY stage_run_id, name, bucket)
            )
            SELECT stage_run_id, name, step, value, total FROM ranked
            WHERE total <= ? OR 1 IN (by_first, by_last, by_min, by_max)
            ORDER BY stage_run_id, name, step""";

    private final Jdbc jdbc;

    public MetricRepository(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Stores points; a repeated (stage run, name, step) keeps the newest value (retries re-report). */
    public void record(UUID stageRunId, List<MetricPoint> points) {
        if (points.isEmpty()) return;
        jdbc.inTransaction(c -> {
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

    /** Every point of a stage run after {@code afterStep}, by series then step, exactly as recorded (live views fetch only new ones). */
    public List<MetricPoint> points(UUID stageRunId, long afterStep) {
        return jdbc.query(
                """
                SELECT step, name, value, recorded_at FROM metrics
                WHERE stage_run_id = ? AND step > ? ORDER BY name, step""",
                rs -> new MetricPoint(rs.getLong(1), rs.getString(2), rs.getDouble(3), Jdbc.instant(rs, "recorded_at")),
                stageRunId,
                afterStep);
    }

    /** The series of one stage run by name, each at most {@code maxPoints} long (see the class comment). */
    public List<MetricSeries> series(UUID stageRunId, int maxPoints) {
        return series(List.of(stageRunId), maxPoints).getOrDefault(stageRunId, List.of());
    }

    /**
     * The series of several stage runs in one statement (a run page's stages), keyed by stage run;
     * a stage run without points is absent. Points carry no {@code recordedAt}.
     */
    public Map<UUID, List<MetricSeries>> series(Collection<UUID> stageRunIds, int maxPoints) {
        if (maxPoints < MIN_POINTS) {
            throw new IllegalArgumentException("max points per series must be ≥ " + MIN_POINTS + ", got " + maxPoints);
        }
        if (stageRunIds.isEmpty()) return Map.of();
        record Row(UUID stageRunId, String name, long total, MetricPoint point) {}
        List<Row> rows = jdbc.query(
                DOWNSAMPLED,
                rs -> new Row(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getLong(5),
                        MetricPoint.of(rs.getLong(3), rs.getString(2), rs.getDouble(4))),
                new Jdbc.UuidArray(stageRunIds.stream().distinct().toArray(UUID[]::new)),
                maxPoints,
                maxPoints / MIN_POINTS,
                maxPoints);
        Map<UUID, List<MetricSeries>> byRun = new LinkedHashMap<>();
        int i = 0;
        while (i < rows.size()) {
            Row first = rows.get(i);
            List<MetricPoint> points = new ArrayList<>();
            while (i < rows.size()
                    && rows.get(i).stageRunId().equals(first.stageRunId())
                    && rows.get(i).name().equals(first.name())) {
                points.add(rows.get(i++).point());
            }
            byRun.computeIfAbsent(first.stageRunId(), k -> new ArrayList<>())
                    .add(new MetricSeries(first.name(), first.total(), points));
        }
        return byRun;
    }
}
