package dev.tempered.web.label;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.labels.Disagreements;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.Resolution;
import dev.tempered.storage.labels.ReviewStore;
import dev.tempered.storage.users.UserStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reviewers' disagreements: the pairs two labelers ordered oppositely, per-labeler agreement and
 * gold accuracy ({@link Disagreements}), and the resolve action, stored in {@code labeling_reviews}
 * ({@link ReviewStore}) and written to the audit log. The snapshot then trusts the resolution (see
 * the README's labeling section for the rule). Role checks are {@link ReviewApi}'s.
 *
 * <pre>
 * GET  /label/api/review/projects/{id}/disagreements → {"pairs": [...], "labelers": [...]}
 * POST /label/api/review/projects/{id}/resolve  {"task_id", "a", "b", "winner": "a"|"b"|"tie", "note"}
 * </pre>
 */
final class DisagreementsApi {
    /** The longest reviewer note kept, in characters. */
    static final int MAX_NOTE_CHARS = 2_000;

    private final LabelStore labels;
    private final ReviewStore reviews;
    private final UserStore users;

    DisagreementsApi(LabelStore labels, ReviewStore reviews, UserStore users) {
        this.labels = labels;
        this.reviews = reviews;
        this.users = users;
    }

    void list(Context ctx) {
        String project = ctx.pathParam("id");
        if (labels.project(project).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + project);
            return;
        }
        Disagreements.View v = view(project);
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (Disagreements.Pair p : v.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", p.taskId().toString());
            m.put("task", p.taskPosition());
            m.put("prompt", p.prompt());
            m.put("a", p.a());
            m.put("b", p.b());
            m.put("text_a", p.textA());
            m.put("text_b", p.textB());
            m.put("prefer_a", p.preferA());
            m.put("prefer_b", p.preferB());
            m.put("resolution", p.resolution() == null ? null : resolution(p.resolution()));
            pairs.add(m);
        }
        List<Map<String, Object>> labelers = new ArrayList<>();
        for (Disagreements.LabelerFigures f : v.labelers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labeler", f.labeler());
            m.put("labels", f.labels());
            m.put("comparable_pairs", f.comparablePairs());
            m.put("pairwise_agreement", finite(f.agreement()));
            m.put("gold_tasks", f.goldTasks());
            m.put("gold_correct", f.goldCorrect());
            m.put("gold_accuracy", finite(f.goldAccuracy()));
            labelers.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("pairs", pairs);
        body.put("labelers", labelers);
        LabelApi.json(ctx, 200, body);
    }

    void resolve(Context ctx, UserStore.Session s) {
        String project = ctx.pathParam("id");
        if (labels.project(project).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + project);
            return;
        }
        JsonNode b = LabelApi.body(ctx);
        if (b == null) return;
        UUID taskId;
        try {
            taskId = UUID.fromString(b.path("task_id").asText(""));
        } catch (IllegalArgumentException e) {
            LabelApi.refuse(
                    ctx,
                    400,
                    "task_id must be a task's id, not '" + b.path("task_id").asText("") + "'");
            return;
        }
        Optional<LabelTask> task = labels.task(taskId).filter(t -> t.projectId().equals(project));
        if (task.isEmpty()) {
            LabelApi.refuse(ctx, 404, "project " + project + " has no task " + taskId);
            return;
        }
        if (!b.path("a").isInt() || !b.path("b").isInt()) {
            LabelApi.refuse(ctx, 400, "a and b must be response positions (integers)");
            return;
        }
        int x = b.get("a").asInt(), y = b.get("b").asInt();
        String winner = b.path("winner").asText("");
        if (!winner.equals("a") && !winner.equals("b") && !winner.equals("tie")) {
            LabelApi.refuse(ctx, 400, "winner must be \"a\", \"b\" or \"tie\" (tie or unclear), not '" + winner + "'");
            return;
        }
        String note = b.path("note").asText("");
        if (note.length() > MAX_NOTE_CHARS) {
            LabelApi.refuse(ctx, 413, "the note has " + note.length() + " characters; at most " + MAX_NOTE_CHARS);
            return;
        }
        boolean disputed = view(project).pairs().stream()
                .anyMatch(p -> p.taskId().equals(taskId) && p.a() == Math.min(x, y) && p.b() == Math.max(x, y));
        if (!disputed) {
            LabelApi.refuse(
                    ctx,
                    409,
                    "responses " + x + " and " + y + " of task " + taskId
                            + " are not a disagreement (no two labelers ordered them oppositely)");
            return;
        }
        Integer w = winner.equals("tie") ? null : winner.equals("a") ? x : y;
        reviews.resolve(taskId, s.user().id(), x, y, w, note.isBlank() ? null : note.strip());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("project", project);
        detail.put("task", taskId.toString());
        detail.put("a", x);
        detail.put("b", y);
        detail.put("winner", w == null ? "tie" : w);
        users.audit(s.user().id(), s.user().name(), "review.resolve", detail, ctx.ip());
        LabelApi.json(ctx, 200, detail);
    }

    private Disagreements.View view(String project) {
        return Disagreements.of(labels.tasks(project), labels.labels(project), reviews.resolutions(project));
    }

    private static Map<String, Object> resolution(Resolution r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("winner", r.winner());
        m.put("reviewer", r.reviewer());
        m.put("note", r.note());
        m.put("at", r.at().toString());
        return m;
    }

    private static Double finite(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
