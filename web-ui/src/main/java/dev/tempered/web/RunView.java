package dev.tempered.web;

import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StageWarnings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the run page shows: the run, one row per stage with its place on the timeline, and whether
 * the page should keep polling.
 *
 * @param now the instant open intervals (running stages, a running run) are measured to
 * @param temporalHref the run's workflow in the Temporal Web UI, or null when none is configured
 */
public record RunView(PipelineRunRecord run, List<Row> rows, Instant now, String temporalHref) {

    /**
     * One stage on the timeline. {@code barStart} and {@code barWidth} are percentages (0..100) of
     * the run's total duration, so bars of different stages line up.
     *
     * @param cachedFromRunId the pipeline run whose stage run this one reused, if it can be found
     * @param funnel          the curation funnel drawn below the table, or null for stages without one
     * @param metrics         the stage's metric plots, or null for stages that recorded none
     */
    public record Row(
            StageRunRecord stage,
            String cachedFromRunId,
            String barStart,
            String barWidth,
            FunnelView funnel,
            MetricPlots metrics) {
        /**
         * The summary the table prints, headline numbers first ({@link SummaryOrder}): all of it,
         * less the funnel when the chart shows that.
         */
        public java.util.Map<String, Object> summaryShown() {
            return SummaryOrder.ordered(
                    funnel == null ? stage.summary() : FunnelView.summaryWithoutFunnel(stage.summary()));
        }
    }

    /**
     * A stage of the pipeline that has no stage run yet: {@code pending} while the run runs (the
     * page lists the whole pipeline from the start), {@code not run} once the run ended before it.
     *
     * @param position its place in the pipeline, as stage runs number theirs
     */
    public record PendingStage(int position, String stage, String status) {
        public String label() {
            return status.replace('-', ' ');
        }
    }

    /**
     * The pipeline's stages that have not started, from the run's spec, in pipeline order. The
     * workflow numbers stage runs by their index in the spec, so a position without one has not
     * started.
     */
    public List<PendingStage> pending() {
        if (!(run.spec().get("stages") instanceof List<?> stages)) return List.of();
        java.util.Set<Integer> started = new java.util.HashSet<>();
        for (Row r : rows) started.add(r.stage().position());
        String status = live() ? "pending" : "not-run";
        List<PendingStage> pending = new java.util.ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            if (started.contains(i) || !(stages.get(i) instanceof java.util.Map<?, ?> spec)) continue;
            Object name = spec.get("stage");
            pending.add(new PendingStage(i, name == null ? "?" : name.toString(), status));
        }
        return pending;
    }

    public List<FunnelView> funnels() {
        return rows.stream().map(Row::funnel).filter(java.util.Objects::nonNull).toList();
    }

    public List<MetricPlots> metricPlots() {
        return rows.stream()
                .map(Row::metrics)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** Warnings the run's stages left (a WARC cut short, malformed records), each led by its stage. */
    public List<String> warnings() {
        return StageWarnings.of(run);
    }

    /** The status people read: {@code succeeded with warnings} when a succeeded run's stages warned. */
    public String displayStatus() {
        return StageWarnings.displayStatus(run);
    }

    /** True while the run is running: the page then polls {@link #pollHref()}. */
    public boolean live() {
        return run.status() == StageStatus.RUNNING;
    }

    /** The fragment route while live, else null, which makes jte drop the htmx attributes. */
    public String pollHref() {
        return live() ? "/fragments/runs/" + run.id() : null;
    }

    public String pollTrigger() {
        return live() ? "every 2s" : null;
    }

    public String pollSwap() {
        return live() ? "outerHTML" : null;
    }

    static RunView of(
            PipelineRunRecord run,
            java.util.function.Function<StageRunRecord, String> cachedFromRun,
            java.util.function.Function<StageRunRecord, MetricPlots> metrics,
            Instant now) {
        return of(run, cachedFromRun, metrics, now, null);
    }

    static RunView of(
            PipelineRunRecord run,
            java.util.function.Function<StageRunRecord, String> cachedFromRun,
            java.util.function.Function<StageRunRecord, MetricPlots> metrics,
            Instant now,
            String temporalHref) {
        Instant start = run.created();
        Instant end = run.finished() == null ? now : run.finished();
        double total = Math.max(1, Duration.between(start, end).toMillis());
        List<Row> rows = run.stages().stream()
                .map(s -> {
                    double offset = clamp(millis(start, s.started()) / total * 100, 0, 100);
                    double width = clamp(
                            millis(s.started(), s.finished() == null ? now : s.finished()) / total * 100,
                            0,
                            100 - offset);
                    // A cached stage takes milliseconds; keep a sliver visible so the row never looks empty.
                    width = Math.max(width, 0.5);
                    return new Row(
                            s, cachedFromRun.apply(s), pct(offset), pct(width), FunnelView.of(s), metrics.apply(s));
                })
                .toList();
        return new RunView(run, rows, now, temporalHref);
    }

    private static double millis(Instant a, Instant b) {
        return a == null || b == null ? 0 : Duration.between(a, b).toMillis();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
