package dev.tempered.web.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.QualityGate;
import dev.tempered.storage.labels.ReviewStore;
import dev.tempered.storage.labels.Submission;
import dev.tempered.storage.labels.SubmissionRejected;
import dev.tempered.storage.labels.SubmitOutcome;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The labelers' JSON API under {@code /label/api}: log in, fetch the next task, fetch an assigned
 * task, save a draft, submit. A labeler sees only tasks assigned to them and never other labelers'
 * labels (blind). A submission is acknowledged (200) only after {@link LabelStore#submit} has
 * committed it; a refusal says why with its status (400, 403, 404, 409, 413) and stores nothing.
 *
 * <pre>
 * POST /label/api/login   {"name": "ana", "password": "..."} → {"csrf_token": ..., "role": "labeler"} + cookie
 * GET  /label/api/next    → {"task": {"id", "prompt", "responses": [{"id": 0, "text"}]}, "progress", "guidelines"} | 204
 * POST /label/api/submit  X-CSRF-Token; {"idempotency_key", "task_id", "ranking": [[2], [0, 1]], "ratings",
 *                         "ideal_answer", "flags", "confidence"} → {"submission_id", "replay", "task_closed"}
 * </pre>
 */
public final class LabelApi implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LabelApi.class);
    /** Failed login attempts per client address per minute before the address is refused. */
    static final int LOGINS_PER_MINUTE = 20;

    /** The largest request body read, in bytes: an ideal answer of 100,000 characters fits. */
    static final int MAX_BODY_BYTES = 512 * 1024;

    private final UserStore users;
    private final LabelStore labels;
    private final ReviewStore reviews;
    private final QualityGate gate;
    private final LabelAuth auth;
    private final LoginRateLimiter logins = new LoginRateLimiter(LOGINS_PER_MINUTE);
    private final CoalescingNotifier notifier;

    public LabelApi(DataSource db, LabelNotifier notifier) {
        this.users = new UserStore(db);
        this.labels = new LabelStore(db);
        this.reviews = new ReviewStore(db);
        this.gate = new QualityGate(db);
        this.auth = new LabelAuth(users);
        this.notifier = new CoalescingNotifier(notifier, 250);
    }

    public LabelAuth auth() {
        return auth;
    }

    /** Where acknowledgements are announced from now on (the app passes a Temporal signaller). */
    public void notifyWith(LabelNotifier target) {
        notifier.target(target);
    }

    public void register(RoutesConfig routes) {
        new LabelPages(auth).register(routes);
        routes.before("/label/api/*", this::guard);
        routes.post("/label/api/login", this::login);
        routes.post("/label/api/logout", this::logout);
        routes.get("/label/api/me", this::me);
        routes.get("/label/api/next", this::next);
        routes.get("/label/api/tasks/{id}", this::task);
        routes.put("/label/api/drafts/{id}", this::saveDraft);
        routes.post("/label/api/submit", this::submit);
        new ReviewApi(labels, reviews, gate, users, auth).register(routes);
    }

    /**
     * Every API route but login needs a session, and every state-changing one the session's CSRF
     * token. Refused requests end here with a JSON reason.
     */
    private void guard(Context ctx) {
        if (ctx.path().equals("/label/api/login")) return;
        Optional<UserStore.Session> s = auth.session(ctx);
        if (s.isEmpty()) {
            refuse(ctx, 401, "log in first: POST /label/api/login");
        } else if (LabelAuth.stateChanging(ctx) && !LabelAuth.csrfMatches(ctx, s.get())) {
            refuse(
                    ctx,
                    403,
                    "missing or wrong CSRF token: send the session's token in the " + LabelAuth.CSRF_HEADER
                            + " header");
        } else if (!LabelAuth.allows(s.get(), Role.LABELER)) {
            refuse(ctx, 403, "this account may not label");
        }
    }

    private void login(Context ctx) {
        if (!logins.allow(ctx.ip(), System.currentTimeMillis())) {
            refuse(ctx, 429, "too many failed login attempts from this address; wait a minute");
            return;
        }
        JsonNode body = body(ctx);
        if (body == null) return;
        String name = body.path("name").asText("");
        String password = body.path("password").asText("");
        UserStore.Login result = users.login(name, password, ctx.ip(), Instant.now());
        if (result instanceof UserStore.Login.Ok ok) {
            auth.setCookie(ctx, ok.session());
            json(
                    ctx,
                    200,
                    Map.of(
                            "csrf_token",
                            ok.session().csrfToken(),
                            "name",
                            name,
                            "role",
                            ok.session().user().role().wireName()));
        } else if (result instanceof UserStore.Login.Locked locked) {
            logins.failed(ctx.ip(), System.currentTimeMillis());
            refuse(ctx, 429, "the account is locked after repeated wrong passwords until " + locked.until());
        } else {
            logins.failed(ctx.ip(), System.currentTimeMillis());
            refuse(ctx, 401, "wrong name or password");
        }
    }

    private void logout(Context ctx) {
        auth.session(ctx).ifPresent(s -> users.logout(s.token()));
        auth.clearCookie(ctx);
        json(ctx, 200, Map.of("logged_out", true));
    }

    private void me(Context ctx) {
        UserStore.Session s = auth.session(ctx).orElseThrow();
        LabelStore.Progress p = labels.progress(s.user().id());
        json(
                ctx,
                200,
                Map.of(
                        "name",
                        s.user().name(),
                        "role",
                        s.user().role().wireName(),
                        "csrf_token",
                        s.csrfToken(),
                        "progress",
                        Map.of("done", p.done(), "assigned", p.assigned())));
    }

    private void next(Context ctx) {
        UserStore.Session s = auth.session(ctx).orElseThrow();
        Optional<LabelTask> t = labels.nextTask(s.user().id(), Instant.now());
        if (t.isEmpty()) {
            List<QualityGate.Paused> pauses = gate.pausesOf(s.user().id());
            if (pauses.isEmpty()) {
                ctx.status(204);
            } else {
                refuse(ctx, 403, pauses.get(0).reason());
            }
            return;
        }
        json(ctx, 200, taskView(t.get(), s));
    }

    private void task(Context ctx) {
        UserStore.Session s = auth.session(ctx).orElseThrow();
        UUID id = uuid(ctx, ctx.pathParam("id"));
        if (id == null) return;
        Optional<LabelTask> t = labels.task(id);
        if (t.isEmpty()) {
            refuse(ctx, 404, "no task " + id);
        } else if (!labels.isAssigned(id, s.user().id())) {
            refuse(ctx, 403, "task " + id + " is not assigned to you");
        } else {
            json(ctx, 200, taskView(t.get(), s));
        }
    }

    private void saveDraft(Context ctx) {
        UserStore.Session s = auth.session(ctx).orElseThrow();
        UUID id = uuid(ctx, ctx.pathParam("id"));
        if (id == null) return;
        JsonNode body = body(ctx);
        if (body == null) return;
        try {
            labels.saveDraft(id, s.user().id(), body.toString());
            json(ctx, 200, Map.of("saved", true));
        } catch (SubmissionRejected e) {
            refuse(ctx, e.status(), e.getMessage());
        }
    }

    private void submit(Context ctx) {
        UserStore.Session s = auth.session(ctx).orElseThrow();
        JsonNode body = body(ctx);
        if (body == null) return;
        Submission submission;
        try {
            submission = parse(body);
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, e.getMessage());
            return;
        }
        try {
            SubmitOutcome ack = labels.submit(s.user().id(), submission, Instant.now());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("submission_id", ack.submissionId().toString());
            out.put("replay", ack.replay());
            out.put("task_closed", ack.taskClosed());
            json(ctx, 200, out);
            if (!ack.replay()) {
                labels.task(submission.taskId()).ifPresent(t -> {
                    notifier.submitted(t.projectId());
                    // After the acknowledgement: the label is stored whatever the gate decides,
                    // and a failing check must not turn the 200 into an error (the next
                    // submission checks again).
                    try {
                        gate.check(t.projectId(), s.user().id())
                                .ifPresent(p -> users.audit(
                                        s.user().id(),
                                        s.user().name(),
                                        "labeler.paused",
                                        Map.of(
                                                "project",
                                                p.project(),
                                                "gold_judged",
                                                p.goldJudged(),
                                                "gold_correct",
                                                p.goldCorrect()),
                                        ctx.ip()));
                    } catch (RuntimeException e) {
                        log.warn(
                                "gold-accuracy check of {} in {} failed",
                                s.user().name(),
                                t.projectId(),
                                e);
                    }
                });
            }
        } catch (SubmissionRejected e) {
            refuse(ctx, e.status(), e.getMessage());
        }
    }

    /** The submission in the request body; an error names the field that is not of the right type. */
    static Submission parse(JsonNode b) {
        UUID task;
        try {
            task = UUID.fromString(b.path("task_id").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task_id must be a task's UUID");
        }
        List<List<Integer>> ranking = new ArrayList<>();
        JsonNode r = b.path("ranking");
        if (!r.isMissingNode() && !r.isArray()) throw new IllegalArgumentException("ranking must be a list of lists");
        for (JsonNode group : r) {
            if (!group.isArray()) throw new IllegalArgumentException("ranking must be a list of lists of response ids");
            List<Integer> g = new ArrayList<>();
            for (JsonNode x : group) {
                if (!x.isInt())
                    throw new IllegalArgumentException("response id " + x + " in ranking is not an integer");
                g.add(x.intValue());
            }
            ranking.add(g);
        }
        List<Integer> ratings = null;
        JsonNode rt = b.path("ratings");
        if (rt.isArray()) {
            ratings = new ArrayList<>();
            for (JsonNode x : rt) {
                if (!x.isNull() && !x.isInt()) throw new IllegalArgumentException("rating " + x + " is not an integer");
                ratings.add(x.isNull() ? null : x.intValue());
            }
        }
        Set<String> flags = new LinkedHashSet<>();
        for (JsonNode f : b.path("flags")) flags.add(f.asText());
        JsonNode ideal = b.path("ideal_answer");
        JsonNode confidence = b.path("confidence");
        return new Submission(
                b.path("idempotency_key").isTextual() ? b.get("idempotency_key").asText() : null,
                task,
                ranking,
                ratings,
                ideal.isTextual() ? ideal.asText() : null,
                flags,
                confidence.isInt() ? confidence.intValue() : null);
    }

    /** A task as its labeler sees it: no reference answer, no gold, no other labeler's work. */
    private Map<String, Object> taskView(LabelTask t, UserStore.Session s) {
        List<Map<String, Object>> responses = new ArrayList<>();
        for (int i = 0; i < t.responses().size(); i++)
            responses.add(Map.of("id", i, "text", t.responses().get(i)));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", t.id().toString());
        task.put("project", t.projectId());
        task.put("prompt", t.prompt());
        task.put("responses", responses);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task);
        LabelStore.Progress p = labels.progress(s.user().id());
        out.put("progress", Map.of("done", p.done(), "assigned", p.assigned()));
        out.put(
                "guidelines",
                labels.project(t.projectId()).map(LabelProject::guidelines).orElse(""));
        labels.draft(t.id(), s.user().id()).ifPresent(d -> out.put("draft", readTree(d)));
        return out;
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static UUID uuid(Context ctx, String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            refuse(ctx, 404, "no task " + s);
            return null;
        }
    }

    /** The JSON body, or null after answering 400 or 413. */
    static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY_BYTES) {
            refuse(ctx, 413, "the request body has " + bytes.length + " bytes; at most " + MAX_BODY_BYTES);
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                refuse(ctx, 400, "the body must be a JSON object");
                return null;
            }
            return n;
        } catch (JsonProcessingException e) {
            refuse(ctx, 400, "the body is not JSON: " + e.getOriginalMessage());
            return null;
        } catch (java.io.IOException e) {
            refuse(ctx, 400, "the body could not be read: " + e.getMessage());
            return null;
        }
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    static void refuse(Context ctx, int status, String reason) {
        json(ctx, status, Map.of("error", reason));
        ctx.skipRemainingHandlers();
    }

    @Override
    public void close() {
        notifier.close();
    }
}
