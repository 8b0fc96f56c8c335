package dev.tempered.web.label;

import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.ProjectCounts;
import dev.tempered.storage.labels.QualityGate;
import dev.tempered.storage.labels.ReviewStore;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reviewers' and admins' side of the label API. Reviewers (and admins) read every project's
 * progress and every label with its labeler, which labelers never can; admins close a project
 * (the stage then snapshots at its next poll), which is written to the audit log. The guard of
 * {@link LabelApi} has already required a session and, for POST, the CSRF token; these routes add
 * the role check.
 *
 * <pre>
 * GET  /label/api/review/projects                 reviewer: projects with counts
 * GET  /label/api/review/projects/{id}/labels     reviewer: every task's labels, by labeler
 * POST /label/api/admin/projects/{id}/close       admin: stop taking labels
 * GET  /label/api/review/projects/{id}/disagreements, POST .../resolve   reviewer ({@link DisagreementsApi})
 * GET  /label/review?project=ID                    reviewer: the disagreements page
 * GET|PUT /label/api/admin/projects/{id}/settings, GET .../export   admin ({@link ProjectAdminApi})
 * POST /label/api/admin/projects/{id}/labelers/{name}/resume       admin: lift a gold-gate pause
 * </pre>
 */
final class ReviewApi {
    private final LabelStore labels;
    private final UserStore users;
    private final LabelAuth auth;
    private final DisagreementsApi disagreements;
    private final ProjectAdminApi admin;

    ReviewApi(LabelStore labels, ReviewStore reviews, QualityGate gate, UserStore users, LabelAuth auth) {
        this.labels = labels;
        this.users = users;
        this.auth = auth;
        this.disagreements = new DisagreementsApi(labels, reviews, users);
        this.admin = new ProjectAdminApi(labels, gate, users);
    }

    void register(RoutesConfig routes) {
        routes.get("/label/review", this::page);
        routes.get("/label/api/review/projects", ctx -> as(ctx, Role.REVIEWER).ifPresent(s -> projects(ctx)));
        routes.get(
                "/label/api/review/projects/{id}/labels",
                ctx -> as(ctx, Role.REVIEWER).ifPresent(s -> projectLabels(ctx)));
        routes.get(
                "/label/api/review/projects/{id}/disagreements",
                ctx -> as(ctx, Role.REVIEWER).ifPresent(s -> disagreements.list(ctx)));
        routes.post(
                "/label/api/review/projects/{id}/resolve",
                ctx -> as(ctx, Role.REVIEWER).ifPresent(s -> disagreements.resolve(ctx, s)));
        routes.get(
                "/label/api/admin/projects/{id}/settings",
                ctx -> as(ctx, Role.ADMIN).ifPresent(s -> admin.settings(ctx)));
        routes.put(
                "/label/api/admin/projects/{id}/settings",
                ctx -> as(ctx, Role.ADMIN).ifPresent(s -> admin.configure(ctx, s)));
        routes.get(
                "/label/api/admin/projects/{id}/export",
                ctx -> as(ctx, Role.ADMIN).ifPresent(s -> admin.export(ctx, s)));
        routes.post(
                "/label/api/admin/projects/{id}/labelers/{name}/resume",
                ctx -> as(ctx, Role.ADMIN).ifPresent(s -> admin.resume(ctx, s)));
        routes.post(
                "/label/api/admin/projects/{id}/close",
                ctx -> as(ctx, Role.ADMIN).ifPresent(s -> close(ctx, s)));
    }

    /** The page for reviewers: the login page first without a session, 403 for a labeler. */
    private void page(Context ctx) {
        Optional<UserStore.Session> s = auth.session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/label/login?next=/label/review");
            return;
        }
        if (!LabelAuth.allows(s.get(), Role.REVIEWER)) {
            ctx.status(403).html("<!doctype html><title>Forbidden</title><p>This page needs the reviewer role.</p>");
            return;
        }
        ctx.header("Cache-Control", "no-store").html(REVIEW_PAGE);
    }

    private static final String REVIEW_PAGE = LabelPages.resource("/label/review.html");

    /** The session when its role includes {@code needed}; otherwise answers 403 and is empty. */
    private Optional<UserStore.Session> as(Context ctx, Role needed) {
        Optional<UserStore.Session> s = auth.session(ctx);
        if (s.isPresent() && LabelAuth.allows(s.get(), needed)) return s;
        LabelApi.refuse(ctx, 403, "this needs the " + needed.wireName() + " role");
        return Optional.empty();
    }

    private void projects(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LabelProject p : labels.projects()) {
            ProjectCounts c = labels.counts(p.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("open", p.open());
            m.put("deadline", p.deadline().toString());
            m.put("overlap", p.overlap());
            m.put("quorum", p.quorum());
            m.put("tasks", c.tasks());
            m.put("tasks_closed", c.closedTasks());
            m.put("labels", c.submissions());
            out.add(m);
        }
        LabelApi.json(ctx, 200, Map.of("projects", out));
    }

    private void projectLabels(Context ctx) {
        String id = ctx.pathParam("id");
        if (labels.project(id).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + id);
            return;
        }
        Map<UUID, List<Map<String, Object>>> byTask = new LinkedHashMap<>();
        for (StoredLabel l : labels.labels(id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labeler", l.labeler());
            m.put("ranking", l.ranking());
            m.put("flags", l.flags());
            m.put("ideal_answer", l.idealAnswer());
            byTask.computeIfAbsent(l.taskId(), k -> new ArrayList<>()).add(m);
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (LabelTask t : labels.tasks(id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id().toString());
            m.put("prompt", t.prompt());
            m.put("responses", t.responses());
            m.put("gold_response", t.goldResponse());
            m.put("labels", byTask.getOrDefault(t.id(), List.of()));
            tasks.add(m);
        }
        LabelApi.json(ctx, 200, Map.of("project", id, "tasks", tasks));
    }

    private void close(Context ctx, UserStore.Session s) {
        String id = ctx.pathParam("id");
        if (labels.project(id).isEmpty()) {
            LabelApi.refuse(ctx, 404, "no labeling project " + id);
            return;
        }
        labels.closeProject(id);
        users.audit(s.user().id(), s.user().name(), "project.close", Map.of("project", id), ctx.ip());
        LabelApi.json(ctx, 200, Map.of("project", id, "open", false));
    }
}
