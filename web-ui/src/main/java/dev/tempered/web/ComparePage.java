package dev.tempered.web;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /compare?runs=ID,ID[,ID...]}: two to {@value #MAX_RUNS} runs compared ({@link
 * RunComparison}); unique prefixes of run ids are enough, as everywhere.
 */
final class ComparePage {
    static final int MAX_RUNS = 6;

    private final LineageStore lineage;

    ComparePage(LineageStore lineage) {
        this.lineage = lineage;
    }

    void register(RoutesConfig routes) {
        routes.get("/compare", this::page);
    }

    private void page(Context ctx) {
        String param = ctx.queryParam("runs");
        if (param == null || param.isBlank()) {
            throw new BadRequestResponse("query parameter runs is required: two or more run ids separated by commas");
        }
        Set<String> typed = new LinkedHashSet<>();
        for (String t : param.split(",")) if (!t.isBlank()) typed.add(t.strip());
        if (typed.size() < 2 || typed.size() > MAX_RUNS) {
            throw new BadRequestResponse("runs names " + typed.size() + " distinct run(s); compare 2 to " + MAX_RUNS);
        }
        List<PipelineRunRecord> runs = new ArrayList<>();
        for (String t : typed) {
            String id = lineage.resolveRunId(t)
                    .orElseThrow(() -> new NotFoundResponse("no run '" + PathParams.shorten(t) + "'"));
            runs.add(lineage.run(id).orElseThrow());
        }
        ctx.render("run_compare.jte", Map.of("comparison", RunComparison.of(lineage, runs)));
    }
}
