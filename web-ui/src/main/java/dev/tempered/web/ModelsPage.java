package dev.tempered.web;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.storage.registry.RegistryException;
import dev.tempered.workflows.registry.ApprovalDecision;
import dev.tempered.workflows.registry.PromotionApprovals;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Models page ({@code /models}, optionally {@code ?model=NAME}): every version with its
 * aliases, report card and the link to compare it side by side with production's, the promotion
 * requests with the gate's verdict, a decision form on those awaiting approval, and rollback.
 *
 * <p>Decisions ({@code POST /models/promotions/{id}/decision}, fields {@code approve} and
 * {@code comment}) go through {@link PromotionApprovals} with the request's signed-in user from
 * {@link WebUsers}; {@link DashboardAuth} has already refused anonymous (401), non-admin (403) and
 * CSRF-less (403) posts, and the role is checked here again because the decision records it. A
 * request not awaiting approval is 409. Without a Temporal client (a dashboard-only process) the page is
 * read-only.
 */
final class ModelsPage {
    private static final int PROMOTIONS_LISTED = 20;

    private final LineageStore lineage;
    private final PromotionApprovals approvals;
    private final WebUsers users;

    ModelsPage(LineageStore lineage, PromotionApprovals approvals, WebUsers users) {
        this.lineage = lineage;
        this.approvals = approvals;
        this.users = users;
    }

    void register(RoutesConfig routes) {
        routes.get("/models", this::page);
        routes.post("/models/promotions/{id}/decision", this::decide);
        routes.post("/models/rollback", this::rollback);
    }

    private void page(Context ctx) {
        ModelRegistryRepository registry = lineage.modelRegistry();
        String model = model(ctx);
        Map<String, Integer> aliases = registry.aliases(model);
        ModelVersion production = registry.byAlias(model, Aliases.PRODUCTION).orElse(null);
        List<ModelVersionRow> rows = new ArrayList<>();
        for (ModelVersion v : registry.versions(model)) {
            List<String> names = new ArrayList<>();
            aliases.forEach((a, n) -> {
                if (n == v.version()) names.add(a);
            });
            String compare = production != null
                            && production.version() != v.version()
                            && production.reportCard() != null
                            && v.reportCard() != null
                    ? "/report-cards/compare?a=" + production.reportCard() + "&b=" + v.reportCard()
                    : null;
            rows.add(new ModelVersionRow(v, names, compare));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("models", registry.models());
        m.put("rows", rows);
        m.put("promotions", registry.promotions(model, PROMOTIONS_LISTED));
        m.put("history", registry.history(model));
        m.put("canDecide", approvals != null);
        m.put("user", users.current(ctx).orElse(null));
        m.put("csrf", DashboardAuth.csrfToken(ctx));
        ctx.render("models.jte", m);
    }

    private void decide(Context ctx) {
        SameOriginCheck.require(ctx);
        WebUser user = users.current(ctx)
                .orElseThrow(() -> new HttpResponseException(401, "sign in to decide on a promotion"));
        if (approvals == null) {
            throw new HttpResponseException(
                    503, "this dashboard was started without the platform; decide with ./tempered models approve");
        }
        String id = ctx.pathParam("id");
        Promotion p = lineage.modelRegistry()
                .promotion(id)
                .orElseThrow(() -> new HttpResponseException(404, "no promotion '" + PathParams.shorten(id) + "'"));
        String approve = ctx.formParam("approve");
        if (!"true".equals(approve) && !"false".equals(approve)) {
            throw new HttpResponseException(
                    400,
                    "form field approve must be true or false, not '" + PathParams.shorten(String.valueOf(approve))
                            + "'");
        }
        String comment = ctx.formParam("comment");
        ApprovalDecision d = new ApprovalDecision(
                user.name(), user.role(), Boolean.parseBoolean(approve), comment == null ? "" : comment.strip());
        try {
            PromotionApprovals.requireAdmin(d);
        } catch (PromotionApprovals.RefusedException e) {
            throw new HttpResponseException(403, e.getMessage());
        }
        try {
            approvals.decide(p.id(), d);
        } catch (PromotionApprovals.RefusedException e) {
            throw new HttpResponseException(409, e.getMessage());
        }
        ctx.redirect("/models?model=" + p.model());
    }

    private void rollback(Context ctx) {
        SameOriginCheck.require(ctx);
        WebUser user = users.current(ctx).orElseThrow(() -> new HttpResponseException(401, "sign in to roll back"));
        try {
            PromotionApprovals.requireAdmin(new ApprovalDecision(user.name(), user.role(), true, ""));
        } catch (PromotionApprovals.RefusedException e) {
            throw new HttpResponseException(403, e.getMessage());
        }
        String model = model(ctx);
        String comment = ctx.formParam("comment");
        try {
            lineage.modelRegistry().rollback(model, user.name(), comment == null ? "" : comment.strip());
        } catch (RegistryException e) {
            throw new HttpResponseException(409, e.getMessage());
        }
        ctx.redirect("/models?model=" + model);
    }

    private static String model(Context ctx) {
        String model = ctx.queryParam("model");
        if (model == null) model = ctx.formParam("model");
        if (model == null || model.isEmpty()) return Aliases.DEFAULT_MODEL;
        if (!model.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new HttpResponseException(
                    400,
                    "model '" + PathParams.shorten(model)
                            + "' is not a model name (lower-case letters, digits and '-', starting with a letter)");
        }
        return model;
    }
}
