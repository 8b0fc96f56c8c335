package dev.tempered.storage.schedules;

import dev.tempered.storage.jdbc.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Retraining schedules, their label watermarks and their firing history in PostgreSQL.
 *
 * <pre>{@code
 * RetrainScheduleStore schedules = new RetrainScheduleStore(dataSource);
 * schedules.create("retrain", 21_600, 200, pipelineJson, "workflow");
 * RetrainFiring f = schedules.beginFiring("retrain", "retrain-2026-12-06T18:00:00Z", List.of());
 * if (f.retrains()) { ... run the pipeline ...; schedules.finishFiring(f.firingId(), SUCCEEDED, null, promotionId); }
 * }</pre>
 *
 * <p>{@link #beginFiring} decides and records in one transaction that locks the schedule's row,
 * so two firings of one schedule (a Temporal Schedule that fires again while a retrain runs, a
 * retried activity) cannot both start a retrain: the second is recorded as an overlap, and a
 * retried one finds its own row. The watermark moves only when a retrain succeeds, so the labels
 * of a failed retrain count again at the next firing.
 *
 * <p>Counts compare {@code submitted_at}, the acknowledging transaction's start time. A submission
 * whose transaction began before a firing's count but committed after it is older than the new
 * watermark: it is not counted as new, but every later snapshot includes it, so no label is lost.
 */
public final class RetrainScheduleStore {
    private final Sql sql;

    public RetrainScheduleStore(DataSource db) {
        this.sql = new Sql(db);
    }

    /** Labels acknowledged after {@code since} (all when null), and the newest one's time (null when none). */
    public record LabelCount(int labels, Instant newest) {}

    /** @throws IllegalArgumentException when a schedule by that name exists */
    public void create(String name, long intervalSeconds, int minNewLabels, String pipelineJson, String kind) {
        if (minNewLabels < 1) {
            throw new IllegalArgumentException("--min-new-labels must be at least 1, got " + minNewLabels);
        }
        int inserted = sql.update(
                "INSERT INTO retrain_schedules (name, interval_seconds, min_new_labels, pipeline, kind)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                name,
                intervalSeconds,
                minNewLabels,
                new Sql.Jsonb(pipelineJson),
                kind);
        if (inserted == 0) {
            throw new IllegalArgumentException("retraining schedule '" + name
                    + "' exists already; delete it first (./tempered schedule delete " + name + ") to change it");
        }
    }

    public Optional<RetrainSchedule> get(String name) {
        return sql.queryOne("SELECT * FROM retrain_schedules WHERE name = ?", RetrainScheduleStore::schedule, name);
    }

    public List<RetrainSchedule> list() {
        return sql.query("SELECT * FROM retrain_schedules ORDER BY name", RetrainScheduleStore::schedule);
    }

    /** Deletes the schedule and its firing history; false when there is none by that name. */
    public boolean delete(String name) {
        return sql.update("DELETE FROM retrain_schedules WHERE name = ?", name) > 0;
    }

    /** Pauses or resumes; false when there is no schedule by that name. */
    public boolean setPaused(String name, boolean paused) {
        return sql.update("UPDATE retrain_schedules SET paused = ? WHERE name = ?", paused, name) > 0;
    }

    /** The newest firings of a schedule, newest first. */
    public List<RetrainFiring> firings(String schedule, int limit) {
        return sql.query(
                "SELECT * FROM retrain_firings WHERE schedule = ? ORDER BY id DESC LIMIT ?",
                RetrainScheduleStore::firing,
                schedule,
                limit);
    }

    public Optional<RetrainFiring> firing(String firingId) {
        return sql.queryOne(
                "SELECT * FROM retrain_firings WHERE firing_id = ?", RetrainScheduleStore::firing, firingId);
    }

    /**
     * Labels acknowledged after {@code since} (all of them when null) in {@code projects} (every
     * project when empty).
     */
    public LabelCount newLabels(Instant since, List<String> projects) {
        return sql.withConnection(c -> countSince(c, since, projects));
    }

    /**
     * Records the firing and decides what it does: {@code skipped} when the schedule is paused or
     * fewer than its threshold of labels are new, {@code overlap} while another retrain of the
     * schedule is {@code started}, else {@code started} with the snapshot's watermark (the newest
     * acknowledged label). Called again with the same firing id, returns the row it wrote.
     *
     * @param projects the labeling projects whose labels count (those the pipeline snapshots); empty for all
     * @throws IllegalArgumentException when there is no schedule by that name
     */
    public RetrainFiring beginFiring(String schedule, String firingId, List<String> projects) {
        return sql.inTransaction(c -> {
            RetrainSchedule s = Sql.queryOne(
                            c,
                            "SELECT * FROM retrain_schedules WHERE name = ? FOR UPDATE",
                            RetrainScheduleStore::schedule,
                            schedule)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no retraining schedule '" + schedule + "' (deleted while its firing was due?)"));
            Optional<RetrainFiring> again = Sql.queryOne(
                    c, "SELECT * FROM retrain_firings WHERE firing_id = ?", RetrainScheduleStore::firing, firingId);
            if (again.isPresent()) return again.get();
            LabelCount count = countSince(c, s.watermark(), projects);
            String status;
            String message = null;
            Instant watermark = null;
            boolean running = Sql.queryOne(
                            c,
                            "SELECT 1 FROM retrain_firings WHERE schedule = ? AND status = 'started'",
                            rs -> 1,
                            schedule)
                    .isPresent();
            if (s.paused()) {
                status = RetrainFiring.SKIPPED;
                message = "schedule paused";
            } else if (count.labels() < s.minNewLabels()) {
                status = RetrainFiring.SKIPPED;
                message = count.labels() + " new label(s), fewer than " + s.minNewLabels();
            } else if (running) {
                status = RetrainFiring.OVERLAP;
                message = "the previous retrain of " + schedule + " is still running";
            } else {
                status = RetrainFiring.STARTED;
                watermark = count.newest();
            }
            return Sql.queryOne(
                            c,
                            "INSERT INTO retrain_firings (schedule, firing_id, status, new_labels, min_new_labels,"
                                    + " watermark, message, finished_at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN NULL ELSE now() END) RETURNING *",
                            RetrainScheduleStore::firing,
                            schedule,
                            firingId,
                            status,
                            count.labels(),
                            s.minNewLabels(),
                            watermark == null ? null : Timestamp.from(watermark),
                            message,
                            RetrainFiring.STARTED.equals(status))
                    .orElseThrow();
        });
    }

    /** Records the pipeline run a retrain started. */
    public void attachRun(String firingId, String runId) {
        sql.update("UPDATE retrain_firings SET run_id = ? WHERE firing_id = ?", runId, firingId);
    }

    /**
     * Ends a started retrain: {@code succeeded} moves the schedule's watermark to the snapshot's;
     * {@code failed} leaves it, so those labels count again. A firing that has ended already is
     * left as it is (a retried activity).
     */
    public void finishFiring(String firingId, String status, String message, String promotionId) {
        if (!RetrainFiring.SUCCEEDED.equals(status) && !RetrainFiring.FAILED.equals(status)) {
            throw new IllegalArgumentException("a retrain ends succeeded or failed, not " + status);
        }
        sql.inTransaction(c -> {
            Optional<RetrainFiring> f = Sql.queryOne(
                    c,
                    "SELECT * FROM retrain_firings WHERE firing_id = ? FOR UPDATE",
                    RetrainScheduleStore::firing,
                    firingId);
            if (f.isEmpty() || !RetrainFiring.STARTED.equals(f.get().status())) return null;
            Sql.exec(
                    c,
                    "UPDATE retrain_firings SET status = ?, message = ?, promotion_id = ?, finished_at = now()"
                            + " WHERE firing_id = ?",
                    status,
                    message,
                    promotionId,
                    firingId);
            if (RetrainFiring.SUCCEEDED.equals(status) && f.get().watermark() != null) {
                Sql.exec(
                        c,
                        "UPDATE retrain_schedules SET watermark = ? WHERE name = ?",
                        Timestamp.from(f.get().watermark()),
                        f.get().schedule());
            }
            return null;
        });
    }

    private static LabelCount countSince(Connection c, Instant since, List<String> projects) throws SQLException {
        // Conditions added only when given: PostgreSQL cannot type a bare null parameter.
        StringBuilder query = new StringBuilder("SELECT count(*), max(s.submitted_at) FROM labeling_submissions s");
        List<Object> args = new java.util.ArrayList<>();
        if (!projects.isEmpty()) {
            query.append(" JOIN labeling_tasks t ON t.id = s.task_id WHERE t.project_id = ANY (?)");
            args.add(new Sql.TextArray(projects.toArray(String[]::new)));
        }
        if (since != null) {
            query.append(projects.isEmpty() ? " WHERE" : " AND").append(" s.submitted_at > ?");
            args.add(Timestamp.from(since));
        }
        return Sql.queryOne(c, query.toString(), RetrainScheduleStore::count, args.toArray())
                .orElseThrow();
    }

    private static LabelCount count(ResultSet rs) throws SQLException {
        Timestamp newest = rs.getTimestamp(2);
        return new LabelCount(rs.getInt(1), newest == null ? null : newest.toInstant());
    }

    private static RetrainSchedule schedule(ResultSet rs) throws SQLException {
        return new RetrainSchedule(
                rs.getString("name"),
                rs.getLong("interval_seconds"),
                rs.getInt("min_new_labels"),
                rs.getString("pipeline"),
                rs.getString("kind"),
                rs.getBoolean("paused"),
                Sql.instant(rs, "watermark"),
                Sql.instant(rs, "created_at"));
    }

    private static RetrainFiring firing(ResultSet rs) throws SQLException {
        return new RetrainFiring(
                rs.getLong("id"),
                rs.getString("schedule"),
                rs.getString("firing_id"),
                Sql.instant(rs, "fired_at"),
                rs.getString("status"),
                rs.getInt("new_labels"),
                rs.getInt("min_new_labels"),
                Sql.instant(rs, "watermark"),
                rs.getString("run_id"),
                rs.getString("promotion_id"),
                rs.getString("message"),
                Sql.instant(rs, "finished_at"));
    }
}
