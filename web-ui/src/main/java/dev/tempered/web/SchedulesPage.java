package dev.tempered.web;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.schedules.RetrainSchedule;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Schedules page ({@code /schedules}): every label-driven retraining schedule with its state,
 * interval, threshold and watermark, and its last firings (skipped with the count, overlap,
 * started, succeeded or failed) with links to their runs and promotions. Plain pipeline schedules
 * live only in Temporal; {@code ./tempered schedule list} shows them.
 *
 * <p>{@code POST /schedules/{name}/pause} and {@code /resume} go through the {@link SchedulePauser}
 * the app installs; {@link DashboardAuth} has already refused anonymous (401), non-admin (403) and
 * CSRF-less (403) posts. Without a pauser (a dashboard-only process) they answer 503.
 */
final class SchedulesPage {
    static final int FIRINGS_LISTED = 20;

    private final LineageStore lineage;
    private volatile SchedulePauser pauser;

    SchedulesPage(LineageStore lineage) {
        this.lineage = lineage;
    }

    void pauseWith(SchedulePauser pauser) {
        this.pauser = pauser;
    }

    void register(RoutesConfig routes) {
        routes.get("/schedules", this::page);
        routes.post("/schedules/{name}/pause", ctx -> setPaused(ctx, true));
        routes.post("/schedules/{name}/resume", ctx -> setPaused(ctx, false));
    }

    private RetrainScheduleStore store() {
        return new RetrainScheduleStore(lineage.dataSource());
    }

    private void page(Context ctx) {
        RetrainScheduleStore store = store();
        List<ScheduleRow> rows = new ArrayList<>();
        for (RetrainSchedule s : store.list()) rows.add(new ScheduleRow(s, store.firings(s.name(), FIRINGS_LISTED)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("canPause", pauser != null);
        m.put("csrf", DashboardAuth.csrfToken(ctx));
        ctx.render("schedules.jte", m);
    }

    private void setPaused(Context ctx, boolean paused) {
        SameOriginCheck.require(ctx);
        String name = ctx.pathParam("name");
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new HttpResponseException(400, "'" + PathParams.shorten(name) + "' is not a schedule name");
        }
        SchedulePauser p = pauser;
        if (p == null) {
            throw new HttpResponseException(
                    503,
                    "this dashboard was started without the platform; use ./tempered " + "schedule "
                            + (paused ? "pause " : "resume ") + name);
        }
        if (store().get(name).isEmpty() || !p.setPaused(name, paused)) {
            throw new HttpResponseException(404, "no retraining schedule '" + name + "'");
        }
        ctx.redirect("/schedules#schedule-" + name);
    }
}
