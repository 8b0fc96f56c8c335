package dev.tempered.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** The stages a pipeline may use ({@code /stages}, {@code /api/stages}), read from the {@link StageCatalogView}. */
final class StagesPage {
    private final StageCatalogView catalog;

    StagesPage(StageCatalogView catalog) {
        this.catalog = catalog;
    }

    void register(RoutesConfig routes) {
        routes.get("/stages", this::page);
        routes.get("/api/stages", ctx -> DashboardApi.json(ctx, catalog.stages()));
    }

    private void page(Context ctx) {
        ctx.render("stages.jte", Map.of("stages", catalog.stages()));
    }
}
