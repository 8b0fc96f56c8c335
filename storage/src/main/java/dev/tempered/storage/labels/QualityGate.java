package dev.tempered.storage.labels;

import dev.tempered.storage.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A project's gold-accuracy gate: once a labeler has labeled at least {@code minGoldJudged} gold
 * tasks of the project (ranked, not skipped), and the share with the gold response ranked first
 * and alone is below {@code minGoldAccuracy}, the labeler is paused in that project and
 * {@link LabelStore#nextTask} gives them none of its tasks. The label API checks after every
 * acknowledged submission; the check reads the stored labels, so a crash between the submission's
 * commit and the check only delays the pause to the labeler's next submission. Pausing is for
 * quality, not security: labels already stored stay, and the reviewer decides what to do with them.
 *
 * <p>An admin may {@link #resume} a paused labeler (after talking to them, say). From then on the
 * gate counts only the gold labels stored after the resume (its counts less those at the resume,
 * kept with it), and judges again once there are {@code minGoldJudged} of those: the old misses were seen and forgiven, and counting them would
 * pause the labeler again at their next submission, which is not what an admin who resumed them
 * means. The labels themselves are untouched (agreement and gold accuracy in the report still
 * count every one).
 *
 * <pre>{@code
 * QualityGate gate = new QualityGate(dataSource);
 * gate.configure(projectId, new QualityGate.Settings(0.6, 5));    // admin
 * gate.check(projectId, labeler.id()).ifPresent(p -> log(...));   // after each submission
 * gate.resume(projectId, labeler.id(), admin.name());             // admin: judge afresh from now
 * }</pre>
 */
public final class QualityGate {
    /**
     * @param minGoldAccuracy 0-1, or null for no gate
     * @param minGoldJudged gold labels needed before the gate judges (at least 1); few gold tasks
     *     make a noisy accuracy, so one wrong answer should not pause anybody
     */
    public record Settings(Double minGoldAccuracy, int minGoldJudged) {
        public Settings {
            if (minGoldAccuracy != null && !(minGoldAccuracy >= 0 && minGoldAccuracy <= 1)) {
                throw new IllegalArgumentException("min_gold_accuracy is " + minGoldAccuracy + "; it must be 0-1");
            }
            if (minGoldJudged < 1) {
                throw new IllegalArgumentException("min_gold_judged is " + minGoldJudged + "; it must be at least 1");
            }
        }
    }

    /** A paused labeler of a project and the gold figures that paused them. */
    public record Paused(String project, UUID userId, String labeler, int goldJudged, int goldCorrect, Instant at) {
        public String reason() {
            return "paused in project " + project + ": " + goldCorrect + " of " + goldJudged
                    + " gold tasks ranked right is below the project's gold-accuracy threshold; ask an admin";
        }
    }

    private final Sql sql;

    public QualityGate(DataSource db) {
        this.sql = new Sql(db);
    }

    public void configure(String project, Settings s) {
        int n = sql.update(
                "UPDATE labeling_projects SET min_gold_accuracy = ?, min_gold_judged = ? WHERE id = ?",
                s.minGoldAccuracy(),
                s.minGoldJudged(),
                project);
        if (n == 0) throw new IllegalArgumentException("no labeling project " + project);
    }

    public Optional<Settings> settings(String project) {
        return sql.queryOne(
                "SELECT min_gold_accuracy, min_gold_judged FROM labeling_projects WHERE id = ?",
                rs -> new Settings((Double) rs.getObject(1), rs.getInt(2)),
                project);
    }

    /** Pauses the labeler when the project's gate says so; the pause when it is new, else empty. */
    public Optional<Paused> check(String project, UUID userId) {
        Settings s = settings(project).orElse(null);
        if (s == null || s.minGoldAccuracy() == null) return Optional.empty();
        // One round trip on the submission path: the counts less those kept at the latest resume.
        int[] gold = sql.queryOne(
                        "SELECT g.judged - coalesce(r.gold_judged_before, 0),"
                                + " g.correct - coalesce(r.gold_correct_before, 0)"
                                + " FROM (" + GOLD_COUNTS + ") g LEFT JOIN labeling_gate_resumes r"
                                + " ON r.project_id = ? AND r.user_id = ?",
                        rs -> new int[] {rs.getInt(1), rs.getInt(2)},
                        project,
                        userId,
                        project,
                        userId)
                .orElseThrow();
        if (gold[0] < s.minGoldJudged() || (double) gold[1] / gold[0] >= s.minGoldAccuracy()) return Optional.empty();
        int inserted = sql.update(
                "INSERT INTO labeling_paused_labelers (project_id, user_id, gold_judged, gold_correct)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                project,
                userId,
                gold[0],
                gold[1]);
        return inserted == 0
                ? Optional.empty()
                : paused(project).stream()
                        .filter(p -> p.userId().equals(userId))
                        .findFirst();
    }

    /**
     * Lifts the labeler's pause in the project and starts their gold count afresh (see the class
     * comment), in one transaction; returns the pause that was lifted, or empty when the labeler
     * was not paused there (then nothing changes).
     *
     * @param resumedBy the admin's name, kept with the resume
     */
    public Optional<Paused> resume(String project, UUID userId, String resumedBy) {
        return sql.inTransaction(c -> {
            Optional<Paused> pause = Sql.queryOne(
                    c,
                    "SELECT z.project_id, z.user_id, u.name, z.gold_judged, z.gold_correct, z.paused_at"
                            + " FROM labeling_paused_labelers z JOIN users u ON u.id = z.user_id"
                            + " WHERE z.project_id = ? AND z.user_id = ? FOR UPDATE OF z",
                    QualityGate::paused,
                    project,
                    userId);
            if (pause.isEmpty()) return Optional.<Paused>empty();
            int[] total = total(c, project, userId);
            Sql.exec(c, "DELETE FROM labeling_paused_labelers WHERE project_id = ? AND user_id = ?", project, userId);
            Sql.exec(
                    c,
                    "INSERT INTO labeling_gate_resumes"
                            + " (project_id, user_id, gold_judged_before, gold_correct_before, resumed_by)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, user_id) DO UPDATE SET"
                            + " gold_judged_before = EXCLUDED.gold_judged_before,"
                            + " gold_correct_before = EXCLUDED.gold_correct_before,"
                            + " resumed_at = now(), resumed_by = EXCLUDED.resumed_by",
                    project,
                    userId,
                    total[0],
                    total[1],
                    resumedBy);
            return pause;
        });
    }

    /** The labeler's gold labels in a project (parameters: project, user): judged, correct. */
    private static final String GOLD_COUNTS =
            "SELECT count(*) AS judged, count(*) FILTER (WHERE s.ranking -> 0 = jsonb_build_array(t.gold_response))"
                    + " AS correct FROM labeling_submissions s JOIN labeling_tasks t ON t.id = s.task_id"
                    + " WHERE t.project_id = ? AND s.user_id = ? AND t.gold_response IS NOT NULL"
                    + " AND jsonb_array_length(s.ranking) > 0";

    /** Every gold label of the labeler in the project (ranked, not skipped): judged, and with the gold response first and alone. */
    private static int[] total(Connection c, String project, UUID userId) throws SQLException {
        return Sql.queryOne(c, GOLD_COUNTS, rs -> new int[] {rs.getInt(1), rs.getInt(2)}, project, userId)
                .orElseThrow();
    }

    /** The project's paused labelers, oldest pause first. */
    public List<Paused> paused(String project) {
        return sql.query(
                "SELECT z.project_id, z.user_id, u.name, z.gold_judged, z.gold_correct, z.paused_at"
                        + " FROM labeling_paused_labelers z JOIN users u ON u.id = z.user_id"
                        + " WHERE z.project_id = ? ORDER BY z.paused_at, u.name",
                QualityGate::paused,
                project);
    }

    /** The labeler's pauses in open projects, for telling them why no task comes. */
    public List<Paused> pausesOf(UUID userId) {
        return sql.query(
                "SELECT z.project_id, z.user_id, u.name, z.gold_judged, z.gold_correct, z.paused_at"
                        + " FROM labeling_paused_labelers z JOIN users u ON u.id = z.user_id"
                        + " JOIN labeling_projects p ON p.id = z.project_id"
                        + " WHERE z.user_id = ? AND p.status = 'open' ORDER BY z.paused_at",
                QualityGate::paused,
                userId);
    }

    private static Paused paused(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Paused(
                rs.getString(1),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getInt(4),
                rs.getInt(5),
                Sql.instant(rs, "paused_at"));
    }
}
