package dev.tempered.web.label;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.QualityGate;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.storage.users.UserStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admins' project settings and export (role checks are {@link ReviewApi}'s; every change and every
 * export is written to the audit log).
 *
 * <pre>
 * GET /label/api/admin/projects/{id}/settings → {"min_gold_accuracy", "min_gold_judged", "paused": [...]}
 * PUT /label/api/admin/projects/{id}/settings   {"min_gold_accuracy": 0.6 | null, "min_gold_judged": 5}
 * GET /label/api/admin/projects/{id}/export   → JSONL, one stored label a line (application/x-ndjson)
 * POST /label/api/admin/projects/{id}/labelers/{name}/resume → {"project", "labeler", "resumed": true}
 * </pre>
 *
 * <p>A resume lifts the gold gate's pause of one labeler in one project; the gate then judges
 * only that labeler's gold labels submitted after the resume ({@link QualityGate#resume}).
 */
final class ProjectAdminApi {
    /** The export's format name, on every line so a line read alone says what it is. */
    static final String EXPORT_FORMAT = "tempered.labels/v1";

    private final LabelStore labels;
    private final QualityGate gate;
    private final UserStore users;

    ProjectAdminApi(LabelStore labels, QualityGate gate, UserStore users) {
        this.labels = labels;
        this.gate = gate;
        this.users = users;
    }

    void settings(Context ctx) {
        String project = ctx.pathParam("id");
        QualityGate.Settings s = gate.settings(project).orElse(null);
        if (s == null) {
            LabelApi.refuse(ctx, 404, "no labeling project " + project);
            return;
        }
        List<Map<String, Object>> paused = new ArrayList<>();
        for (QualityGate.Paused p : gate.paused(project)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labeler", p.labeler());
            m.put("gold_judged", p.goldJudged());
            m.put("gold_correct", p.goldCorrect());
            m.put("paused_at", p.at().toString());
            paused.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("min_gold_accuracy", s.minGoldAccuracy());
        body.put("min_gold_judged", s.minGoldJudged());
        body.put("paused", paused);
        LabelApi.json(ctx, 200, body);
    }

    void configure(Context ctx, UserStore.Session session) {
        String project = ctx.pathParam("id");
        if (gate.settings(project).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + project);
            return;
        }
        JsonNode b = LabelApi.body(ctx);
        if (b == null) return;
        JsonNode acc = b.path("min_gold_accuracy");
        if (!acc.isMissingNode() && !acc.isNull() && !acc.isNumber()) {
            LabelApi.refuse(ctx, 400, "min_gold_accuracy must be a number 0-1 or null (no gate), not " + acc);
            return;
        }
        JsonNode judged = b.path("min_gold_judged");
        if (!judged.isMissingNode() && !judged.isInt()) {
            LabelApi.refuse(ctx, 400, "min_gold_judged must be an integer of at least 1, not " + judged);
            return;
        }
        QualityGate.Settings s;
        try {
            s = new QualityGate.Settings(acc.isNumber() ? acc.asDouble() : null, judged.isInt() ? judged.asInt() : 5);
        } catch (IllegalArgumentException e) {
            LabelApi.refuse(ctx, 400, e.getMessage());
            return;
        }
        gate.configure(project, s);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("project", project);
        detail.put("min_gold_accuracy", s.minGoldAccuracy());
        detail.put("min_gold_judged", s.minGoldJudged());
        users.audit(session.user().id(), session.user().name(), "project.settings", detail, ctx.ip());
        LabelApi.json(ctx, 200, detail);
    }

    void resume(Context ctx, UserStore.Session session) {
        String project = ctx.pathParam("id");
        String name = ctx.pathParam("name");
        if (labels.project(project).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + project);
            return;
        }
        var labeler = users.byName(name);
        if (labeler.isEmpty()) {
            LabelApi.refuse(ctx, 404, "no account named " + name);
            return;
        }
        var lifted = gate.resume(project, labeler.get().id(), session.user().name());
        if (lifted.isEmpty()) {
            LabelApi.refuse(ctx, 409, "labeler " + name + " is not paused in project " + project);
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("project", project);
        detail.put("labeler", name);
        detail.put("gold_judged", lifted.get().goldJudged());
        detail.put("gold_correct", lifted.get().goldCorrect());
        users.audit(session.user().id(), session.user().name(), "labeler.resume", detail, ctx.ip());
        LabelApi.json(ctx, 200, Map.of("project", project, "labeler", name, "resumed", true));
    }

    void export(Context ctx, UserStore.Session session) {
        String project = ctx.pathParam("id");
        if (labels.project(project).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + project);
            return;
        }
        StringBuilder out = new StringBuilder();
        List<StoredLabel> all = labels.labels(project);
        for (StoredLabel l : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", EXPORT_FORMAT);
            m.put("project", project);
            m.put("submission_id", l.id().toString());
            m.put("task_id", l.taskId().toString());
            m.put("labeler", l.labeler());
            m.put("ranking", l.ranking());
            m.put("ratings", l.ratings());
            m.put("ideal_answer", l.idealAnswer());
            m.put("flags", l.flags().stream().sorted().toList());
            m.put("confidence", l.confidence());
            m.put("submitted_at", l.submittedAt().toString());
            out.append(Json.write(m)).append('\n');
        }
        users.audit(
                session.user().id(),
                session.user().name(),
                "project.export",
                Map.of("project", project, "labels", all.size()),
                ctx.ip());
        String file = project.replaceAll("[^A-Za-z0-9._-]", "_") + "-labels.jsonl";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store")
                .contentType("application/x-ndjson")
                .result(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
