package dev.tempered.storage.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tempered.storage.Json;
import dev.tempered.storage.StorageException;
import dev.tempered.storage.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Labeling projects, tasks, assignments and submissions in PostgreSQL: the system of record of
 * human labels.
 *
 * <pre>{@code
 * LabelStore labels = new LabelStore(dataSource);
 * labels.createProject(project, tasks, List.of(ana.id(), ben.id()));   // idempotent by project id
 * LabelTask task = labels.nextTask(ana.id()).orElseThrow();
 * SubmitOutcome ack = labels.submit(ana.id(), submission, Instant.now()); // committed when it returns
 * ProjectCounts progress = labels.counts(project.id());
 * }</pre>
 *
 * <p>A submission is checked and stored in one transaction that locks its task's row, so the
 * quorum count that closes a task cannot be raced past; it returns only after the commit, which is
 * what makes an acknowledgement durable. A replay (same idempotency key, same labeler) returns the
 * stored submission's id whatever has happened since (the task closed, the deadline passed): the
 * client's first request was acknowledged or it would not be replaying.
 *
 * <p>A little over 400 lines: project creation, the submission transaction and the snapshot reads
 * share one schema's row mappers, and splitting them would spread its SQL over three files.
 */
public final class LabelStore {
    private static final TypeReference<List<List<Integer>>> RANKING = new TypeReference<>() {};
    private static final TypeReference<List<Integer>> RATINGS = new TypeReference<>() {};
    private static final String UNIQUE_VIOLATION = "23505";

    private final Sql sql;

    public LabelStore(DataSource db) {
        this.sql = new Sql(db);
    }

    /** The id of the task at {@code position} of {@code projectId}: the same on every retry. */
    public static UUID taskId(String projectId, int position) {
        return UUID.nameUUIDFromBytes((projectId + "/" + position).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates a project with its tasks, assigning task {@code i} to the {@code overlap} labelers
     * starting at {@code i mod n}, so each labeler gets an even share and the overlapping labelers
     * of neighbouring tasks differ. Does nothing when the project exists (a retried activity).
     */
    public void createProject(LabelProject p, List<NewTask> tasks, List<UUID> labelers) {
        if (labelers.size() < p.overlap())
            throw new IllegalArgumentException(
                    "overlap is " + p.overlap() + " but only " + labelers.size()
                            + " labelers are available; add labelers (tempered users add NAME --role labeler) or lower overlap");
        if (tasks.isEmpty()) throw new IllegalArgumentException("project " + p.id() + " has no tasks");
        sql.inTransaction(c -> {
            int inserted = Sql.exec(
                    c,
                    "INSERT INTO labeling_projects (id, name, guidelines, responses_per_task, overlap, quorum,"
                            + " max_text_chars, deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (id) DO NOTHING",
                    p.id(),
                    p.name(),
                    p.guidelines(),
                    p.responsesPerTask(),
                    p.overlap(),
                    p.quorum(),
                    p.maxTextChars(),
                    p.deadline(),
                    p.open() ? "open" : "closed");
            if (inserted == 0) return null;
            for (int i = 0; i < tasks.size(); i++) {
                NewTask t = tasks.get(i);
                if (t.responses().size() != p.responsesPerTask())
                    throw new IllegalArgumentException("task " + i + " has "
                            + t.responses().size() + " responses; the project shows " + p.responsesPerTask());
                UUID id = taskId(p.id(), i);
                Sql.exec(
                        c,
                        "INSERT INTO labeling_tasks (id, project_id, position, prompt, reference, gold_response, status)"
                                + " VALUES (?, ?, ?, ?, ?, ?, 'open')",
                        id,
                        p.id(),
                        i,
                        t.prompt(),
                        t.reference(),
                        t.goldResponse());
                for (int r = 0; r < t.responses().size(); r++) {
                    Sql.exec(
                            c,
                            "INSERT INTO labeling_responses (task_id, position, text, conversation) VALUES (?, ?, ?, ?)",
                            id,
                            r,
                            t.responses().get(r).text(),
                            new Sql.Jsonb(t.responses().get(r).conversationJson()));
                }
                for (int j = 0; j < p.overlap(); j++) {
                    Sql.exec(
                            c,
                            "INSERT INTO labeling_assignments (task_id, user_id) VALUES (?, ?)",
                            id,
                            labelers.get((i + j) % labelers.size()));
                }
            }
            return null;
        });
    }

    public Optional<LabelProject> project(String id) {
        return sql.queryOne("SELECT * FROM labeling_projects WHERE id = ?", LabelStore::project, id);
    }

    public List<LabelProject> projects() {
        return sql.query("SELECT * FROM labeling_projects ORDER BY created_at DESC", LabelStore::project);
    }

    /** Stops accepting submissions (the stage closes its project before it snapshots). */
    public void closeProject(String id) {
        sql.update("UPDATE labeling_projects SET status = 'closed' WHERE id = ?", id);
    }

    public ProjectCounts counts(String projectId) {
        return sql.queryOne(
                        "SELECT count(*) AS tasks, count(*) FILTER (WHERE status = 'closed') AS closed,"
                                + " (SELECT count(*) FROM labeling_submissions s JOIN labeling_tasks t ON t.id = s.task_id"
                                + "  WHERE t.project_id = ?) AS submissions"
                                + " FROM labeling_tasks WHERE project_id = ?",
                        rs -> new ProjectCounts(rs.getInt("tasks"), rs.getInt("closed"), rs.getLong("submissions")),
                        projectId,
                        projectId)
                .orElseThrow();
    }

    /** The task, or empty when no task has that id. */
    public Optional<LabelTask> task(UUID id) {
        return sql.withConnection(c -> task(c, id));
    }

    /** Whether {@code userId} is assigned {@code taskId} (a labeler may open only their own tasks). */
    public boolean isAssigned(UUID taskId, UUID userId) {
        return sql.queryOne(
                        "SELECT 1 FROM labeling_assignments WHERE task_id = ? AND user_id = ?",
                        rs -> true,
                        taskId,
                        userId)
                .isPresent();
    }

    /**
     * The labeler's next task: the first by project age and position that is assigned to them,
     * open, in an open project before its deadline, and not yet labeled by them.
     */
    public Optional<LabelTask> nextTask(UUID userId, Instant now) {
        return sql.withConnection(c -> {
            Optional<UUID> id = Sql.queryOne(
                    c,
                    "SELECT t.id FROM labeling_assignments a"
                            + " JOIN labeling_tasks t ON t.id = a.task_id"
                            + " JOIN labeling_projects p ON p.id = t.project_id"
                            + " WHERE a.user_id = ? AND t.status = 'open' AND p.status = 'open' AND p.deadline > ?"
                            + " AND NOT EXISTS (SELECT 1 FROM labeling_submissions s WHERE s.task_id = t.id AND s.user_id = ?)"
                            // A labeler the project's gold gate paused gets none of its tasks (QualityGate).
                            + " AND NOT EXISTS (SELECT 1 FROM labeling_paused_labelers z"
                            + " WHERE z.project_id = p.id AND z.user_id = ?)"
                            + " ORDER BY p.created_at, p.id, t.position LIMIT 1",
                    rs -> rs.getObject(1, UUID.class),
                    userId,
                    now,
                    userId,
                    userId);
            return id.isEmpty() ? Optional.empty() : task(c, id.get());
        });
    }

    /** How many of the labeler's assigned tasks they have labeled, of all assigned. */
    public record Progress(int done, int assigned) {}

    public Progress progress(UUID userId) {
        return sql.queryOne(
                        "SELECT count(*) AS assigned, count(s.id) AS done FROM labeling_assignments a"
                                + " LEFT JOIN labeling_submissions s ON s.task_id = a.task_id AND s.user_id = a.user_id"
                                + " WHERE a.user_id = ?",
                        rs -> new Progress(rs.getInt("done"), rs.getInt("assigned")),
                        userId)
                .orElseThrow();
    }

    /**
     * Validates and stores a submission in one transaction, returning only after it commits.
     *
     * @throws SubmissionRejected with nothing stored: 400 malformed, 403 not assigned to this
     *     labeler, 404 no such task, 409 task or project closed, deadline passed, already labeled
     *     under another key, or a key reused by another labeler, 413 text too long
     */
    public SubmitOutcome submit(UUID userId, Submission s, Instant now) {
        try {
            return sql.inTransaction(c -> submit(c, userId, s, now));
        } catch (StorageException e) {
            // Two requests with one key raced: the loser's insert hit the unique index after the
            // winner committed, so the replay path now finds the stored row.
            if (e.getCause() instanceof SQLException q && UNIQUE_VIOLATION.equals(q.getSQLState())) {
                return sql.inTransaction(c -> submit(c, userId, s, now));
            }
            throw e;
        }
    }

    private SubmitOutcome submit(Connection c, UUID userId, Submission s, Instant now) throws SQLException {
        Optional<SubmitOutcome> replay = replay(c, userId, s);
        if (replay.isPresent()) return replay.get();
        if (s.taskId() == null) throw SubmissionRejected.bad("task_id is missing");
        // Locks the task's row: concurrent submissions of one task count the quorum one at a time.
        Optional<TaskState> found = Sql.queryOne(
                c,
                "SELECT t.status, t.project_id, p.status AS project_status, p.deadline, p.responses_per_task,"
                        + " p.quorum, p.max_text_chars FROM labeling_tasks t JOIN labeling_projects p ON p.id = t.project_id"
                        + " WHERE t.id = ? FOR UPDATE OF t",
                rs -> new TaskState(
                        "open".equals(rs.getString("status")),
                        "open".equals(rs.getString("project_status")),
                        Sql.instant(rs, "deadline"),
                        rs.getInt("responses_per_task"),
                        rs.getInt("quorum"),
                        rs.getInt("max_text_chars")),
                s.taskId());
        if (found.isEmpty()) throw new SubmissionRejected(404, "no task " + s.taskId());
        // Asked again under the lock: a request with this key that held the lock a moment ago has
        // committed by now, and (read committed) this statement sees it, so a concurrent replay is
        // acknowledged as one instead of refused as a second label.
        replay = replay(c, userId, s);
        if (replay.isPresent()) return replay.get();
        TaskState t = found.get();
        boolean assigned = Sql.queryOne(
                        c,
                        "SELECT 1 FROM labeling_assignments WHERE task_id = ? AND user_id = ?",
                        rs -> true,
                        s.taskId(),
                        userId)
                .isPresent();
        if (!assigned) throw new SubmissionRejected(403, "task " + s.taskId() + " is not assigned to you");
        SubmissionShape.check(s, t.responses(), t.maxTextChars());
        if (!t.projectOpen()) throw new SubmissionRejected(409, "the project of task " + s.taskId() + " is closed");
        if (!now.isBefore(t.deadline()))
            throw new SubmissionRejected(409, "the project's deadline passed at " + t.deadline());
        if (!t.open())
            throw new SubmissionRejected(409, "task " + s.taskId() + " is closed: it has its quorum of labels");
        boolean already = Sql.queryOne(
                        c,
                        "SELECT 1 FROM labeling_submissions WHERE task_id = ? AND user_id = ?",
                        rs -> true,
                        s.taskId(),
                        userId)
                .isPresent();
        if (already)
            throw new SubmissionRejected(409, "you have already labeled task " + s.taskId() + " (under another key)");
        UUID id = UUID.randomUUID();
        Sql.exec(
                c,
                "INSERT INTO labeling_submissions (id, idempotency_key, task_id, user_id, ranking, ratings,"
                        + " ideal_answer, flags, confidence, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                s.idempotencyKey(),
                s.taskId(),
                userId,
                new Sql.Jsonb(Json.write(s.ranking())),
                new Sql.Jsonb(s.ratings() == null ? null : Json.write(s.ratings())),
                s.idealAnswer(),
                new Sql.TextArray(s.flags().stream().sorted().toArray(String[]::new)),
                s.confidence(),
                now);
        Sql.exec(c, "DELETE FROM labeling_drafts WHERE task_id = ? AND user_id = ?", s.taskId(), userId);
        long count = Sql.queryOne(
                        c,
                        "SELECT count(*) FROM labeling_submissions WHERE task_id = ?",
                        rs -> rs.getLong(1),
                        s.taskId())
                .orElseThrow();
        boolean closes = count >= t.quorum();
        if (closes) Sql.exec(c, "UPDATE labeling_tasks SET status = 'closed' WHERE id = ?", s.taskId());
        return new SubmitOutcome(id, false, closes);
    }

    private static Optional<SubmitOutcome> replay(Connection c, UUID userId, Submission s) throws SQLException {
        if (s.idempotencyKey() == null) return Optional.empty();
        Optional<UUID[]> prior = Sql.queryOne(
                c,
                "SELECT id, user_id FROM labeling_submissions WHERE idempotency_key = ?",
                rs -> new UUID[] {rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)},
                s.idempotencyKey());
        if (prior.isEmpty()) return Optional.empty();
        if (!prior.get()[1].equals(userId))
            throw new SubmissionRejected(
                    409,
                    "idempotency_key is already used by another submission; use a fresh key (e.g. a UUID) per label");
        return Optional.of(new SubmitOutcome(prior.get()[0], true, false));
    }

    /** Saves (overwrites) the labeler's draft of a task they are assigned. */
    public void saveDraft(UUID taskId, UUID userId, String json) {
        if (!isAssigned(taskId, userId))
            throw new SubmissionRejected(403, "task " + taskId + " is not assigned to you");
        sql.update(
                "INSERT INTO labeling_drafts (task_id, user_id, body) VALUES (?, ?, ?)"
                        + " ON CONFLICT (task_id, user_id) DO UPDATE SET body = excluded.body, updated_at = now()",
                taskId,
                userId,
                new Sql.Jsonb(json));
    }

    public Optional<String> draft(UUID taskId, UUID userId) {
        return sql.queryOne(
                "SELECT body::text FROM labeling_drafts WHERE task_id = ? AND user_id = ?",
                rs -> rs.getString(1),
                taskId,
                userId);
    }

    /** Every task of the project in position order. */
    public List<LabelTask> tasks(String projectId) {
        return sql.withConnection(c -> {
            Map<UUID, Responses> responses = new LinkedHashMap<>();
            Sql.query(
                    c,
                    "SELECT r.task_id, r.text, r.conversation::text FROM labeling_responses r"
                            + " JOIN labeling_tasks t ON t.id = r.task_id WHERE t.project_id = ? ORDER BY r.task_id, r.position",
                    rs -> responses
                            .computeIfAbsent(rs.getObject(1, UUID.class), k -> new Responses())
                            .add(rs.getString(2), rs.getString(3)),
                    projectId);
            return Sql.query(
                    c,
                    "SELECT * FROM labeling_tasks WHERE project_id = ? ORDER BY position",
                    rs -> task(rs, responses.getOrDefault(rs.getObject("id", UUID.class), new Responses())),
                    projectId);
        });
    }

    /** Every submission of the project, by task position then submission time (the snapshot reads this). */
    public List<StoredLabel> labels(String projectId) {
        return sql.query(
                "SELECT s.*, u.name AS labeler FROM labeling_submissions s"
                        + " JOIN labeling_tasks t ON t.id = s.task_id JOIN users u ON u.id = s.user_id"
                        + " WHERE t.project_id = ? ORDER BY t.position, s.submitted_at, s.id",
                LabelStore::label,
                projectId);
    }

    private record TaskState(
            boolean open, boolean projectOpen, Instant deadline, int responses, int quorum, int maxTextChars) {}

    /** A task's responses in position order: display texts and conversations. */
    private static final class Responses {
        final List<String> texts = new ArrayList<>();
        final List<String> conversations = new ArrayList<>();

        Responses add(String text, String conversation) {
            texts.add(text);
            conversations.add(conversation);
            return this;
        }
    }

    private static Optional<LabelTask> task(Connection c, UUID id) throws SQLException {
        Responses responses = new Responses();
        Sql.query(
                c,
                "SELECT text, conversation::text FROM labeling_responses WHERE task_id = ? ORDER BY position",
                rs -> responses.add(rs.getString(1), rs.getString(2)),
                id);
        return Sql.queryOne(c, "SELECT * FROM labeling_tasks WHERE id = ?", rs -> task(rs, responses), id);
    }

    private static LabelTask task(ResultSet rs, Responses responses) throws SQLException {
        return new LabelTask(
                rs.getObject("id", UUID.class),
                rs.getString("project_id"),
                rs.getInt("position"),
                rs.getString("prompt"),
                rs.getString("reference"),
                (Integer) rs.getObject("gold_response"),
                List.copyOf(responses.texts),
                List.copyOf(responses.conversations),
                "open".equals(rs.getString("status")));
    }

    private static LabelProject project(ResultSet rs) throws SQLException {
        return new LabelProject(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("guidelines"),
                rs.getInt("responses_per_task"),
                rs.getInt("overlap"),
                rs.getInt("quorum"),
                rs.getInt("max_text_chars"),
                Sql.instant(rs, "deadline"),
                "open".equals(rs.getString("status")));
    }

    private static StoredLabel label(ResultSet rs) throws SQLException {
        String ratings = rs.getString("ratings");
        String[] flags = (String[]) rs.getArray("flags").getArray();
        try {
            return new StoredLabel(
                    rs.getObject("id", UUID.class),
                    rs.getString("idempotency_key"),
                    rs.getObject("task_id", UUID.class),
                    rs.getObject("user_id", UUID.class),
                    rs.getString("labeler"),
                    Json.MAPPER.readValue(rs.getString("ranking"), RANKING),
                    ratings == null ? null : Json.MAPPER.readValue(ratings, RATINGS),
                    rs.getString("ideal_answer"),
                    new LinkedHashSet<>(Arrays.asList(flags)),
                    (Integer) rs.getObject("confidence"),
                    Sql.instant(rs, "submitted_at"));
        } catch (JsonProcessingException e) {
            throw new StorageException(
                    "submission " + rs.getObject("id") + " has unreadable JSON: " + e.getMessage(), e);
        }
    }
}
