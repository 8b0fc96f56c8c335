package dev.tempered.web;

import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.MetricSeries;
import dev.tempered.storage.RunJson;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.lineage.MetricRepository;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON API under {@code /api}. Runs, stages, artifacts and lineage use {@link RunJson}, the
 * shape {@code tempered ... --json} prints, so scripts can move between the CLI and HTTP;
 * exclusion samples are {@link ExclusionSamples.Result#toJson()}.
 * Errors are {@code {"error": "..."}} with a 400 or 404 status (see {@link DashboardServer}).
 */
final class DashboardApi {
    static final int MAX_RUNS = 500;
    /** Points per series the series endpoint returns unless asked otherwise; fewer recorded points come back exactly. */
    static final int DEFAULT_SERIES_POINTS = 2000;

    static final int MAX_SERIES_POINTS = 100_000;

    private final LineageStore lineage;
    private final ExclusionSamples exclusions;

    DashboardApi(LineageStore lineage, ExclusionSamples exclusions) {
        this.lineage = lineage;
        this.exclusions = exclusions;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/runs", this::runs);
        routes.get("/api/runs/{id}", this::run);
        routes.get("/api/artifacts/{digest}", this::artifact);
        routes.get("/api/artifacts/{digest}/lineage", this::lineage);
        routes.get("/api/stage-runs/{id}/metrics", this::metrics);
        routes.get("/api/stage-runs/{id}/series", this::series);
        routes.get(
                "/api/stage-runs/{id}/exclusions",
                ctx -> json(ctx, exclusions.read(ctx).toJson()));
    }

    /** Newest first; {@code status}, {@code pipeline} and {@code q} filter as the runs list's form does. */
    private void runs(Context ctx) {
        int limit = (int) PathParams.longQuery(ctx, "limit", 50, 1, MAX_RUNS);
        int offset = (int) PathParams.longQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        dev.tempered.storage.RunFilter filter;
        try {
            filter = new dev.tempered.storage.RunFilter(
                    dev.tempered.storage.RunFilter.status(ctx.queryParam("status")),
                    ctx.queryParam("pipeline"),
                    ctx.queryParam("q"));
        } catch (IllegalArgumentException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
        json(
                ctx,
                lineage.recentRuns(filter, limit, offset).stream()
                        .map(RunJson::run)
                        .toList());
    }

    private void run(Context ctx) {
        String id = PathParams.runId(ctx);
        json(ctx, RunJson.run(lineage.run(id).orElseThrow(() -> new NotFoundResponse("no pipeline run '" + id + "'"))));
    }

    private void artifact(Context ctx) {
        String digest = PathParams.digest(ctx, lineage);
        json(ctx, RunJson.artifact(lineage.artifact(digest).orElseThrow(() -> noArtifact(digest))));
    }

    private void lineage(Context ctx) {
        String digest = PathParams.digest(ctx, lineage);
        json(ctx, RunJson.lineage(lineage.lineage(digest).orElseThrow(() -> noArtifact(digest))));
    }

    /** Points after {@code after} (exclusive), so a live chart asks only for what it has not seen. */
    private void metrics(Context ctx) {
        UUID id = PathParams.stageRunId(ctx);
        long after = PathParams.longQuery(ctx, "after", Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        if (lineage.stageRun(id).isEmpty()) throw new NotFoundResponse("no stage run " + id);
        List<MetricPoint> points = lineage.metrics(id, after);
        json(ctx, points.stream().map(DashboardApi::point).toList());
    }

    /**
     * The plotted series: {@code {"stage_run", "metrics_from", "series": {name: {"steps": [...], "values": [...],
     * "total": n}}}}, each in step order. {@code metrics_from} is the stage run the points belong to: for a
     * cached stage, the run it reused. A series longer than {@code max_points} (default
     * {@value #DEFAULT_SERIES_POINTS}) is downsampled by the lineage store, keeping the first, last,
     * lowest and highest point of each step bucket; {@code total} is how many points it really has.
     */
    private void series(Context ctx) {
        UUID id = PathParams.stageRunId(ctx);
        int maxPoints = (int) PathParams.longQuery(
                ctx, "max_points", DEFAULT_SERIES_POINTS, MetricRepository.MIN_POINTS, MAX_SERIES_POINTS);
        StageRunRecord stage = lineage.stageRun(id).orElseThrow(() -> new NotFoundResponse("no stage run " + id));
        UUID source = stage.cachedFrom() != null ? stage.cachedFrom() : id;
        Map<String, Object> series = new LinkedHashMap<>();
        for (MetricSeries m : lineage.metricRepository().series(source, maxPoints)) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("steps", m.points().stream().map(MetricPoint::step).toList());
            s.put("values", m.points().stream().map(MetricPoint::value).toList());
            s.put("total", m.totalPoints());
            series.put(m.name(), s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stage_run", id.toString());
        body.put("metrics_from", source.toString());
        body.put("series", series);
        json(ctx, body);
    }

    private static Map<String, Object> point(MetricPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", p.step());
        m.put("name", p.name());
        m.put("value", p.value());
        m.put("recorded_at", p.recordedAt());
        return m;
    }

    static NotFoundResponse noArtifact(String digest) {
        return new NotFoundResponse("no artifact " + digest + " in the lineage store");
    }

    static void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(Json.write(value));
    }
}
