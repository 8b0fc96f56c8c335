package dev.tempered.web;

import dev.tempered.storage.ArtifactNotFoundException;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.DigestMismatchException;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.MetricSeries;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The HTML pages: runs list, run detail with its live fragment, artifact detail and download, exclusion samples. */
final class DashboardPages {
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

    private final LineageStore lineage;
    private final ArtifactStore artifacts;
    private final ExclusionSamples exclusions;
    private final ReportCards reportCards;
    private final TemporalLinks temporal;

    DashboardPages(
            LineageStore lineage,
            ArtifactStore artifacts,
            ExclusionSamples exclusions,
            ReportCards reportCards,
            TemporalLinks temporal) {
        this.lineage = lineage;
        this.temporal = temporal;
        this.artifacts = artifacts;
        this.exclusions = exclusions;
        this.reportCards = reportCards;
    }

    void register(RoutesConfig routes) {
        routes.get("/", this::runs);
        routes.get("/fragments/runs", this::runsFragment);
        routes.get("/runs/{id}", this::run);
        routes.get("/fragments/runs/{id}", this::runFragment);
        routes.get("/artifacts/{digest}", this::artifact);
        routes.get("/artifacts/{digest}/download", this::download);
        routes.get("/stage-runs/{id}/exclusions", this::exclusions);
    }

    /** The runs list: filtered by status, pipeline and text, a page at a time ({@link RunsListView}). */
    private void runs(Context ctx) {
        ctx.render("runs.jte", Map.of("view", RunsListView.read(ctx, lineage)));
    }

    private void runsFragment(Context ctx) {
        ctx.render("runs_table.jte", Map.of("view", RunsListView.read(ctx, lineage)));
    }

    private void run(Context ctx) {
        ctx.render("run.jte", Map.of("view", runView(PathParams.runId(ctx))));
    }

    /** The part of the run page that refreshes itself while the run is running. */
    private void runFragment(Context ctx) {
        ctx.render("run_live.jte", Map.of("view", runView(PathParams.runId(ctx))));
    }

    /**
     * The run with its stages (one statement), the metric series of every stage (one statement) and
     * the runs that cached stages reused (one statement), whatever the number of stages: the page
     * polls every 2 s while the run is running.
     */
    private RunView runView(String id) {
        PipelineRunRecord run = lineage.run(id).orElseThrow(() -> new NotFoundResponse("no pipeline run '" + id + "'"));
        Map<UUID, List<MetricSeries>> series = lineage.metricRepository()
                .series(run.stages().stream().map(DashboardPages::metricsSource).toList(), MetricChart.MAX_POINTS);
        Map<UUID, String> cachedFromRuns = lineage.stageRunRepository()
                .pipelineRunIds(run.stages().stream()
                        .map(StageRunRecord::cachedFrom)
                        .filter(Objects::nonNull)
                        .toList());
        return RunView.of(
                run,
                s -> s.cachedFrom() == null ? null : cachedFromRuns.get(s.cachedFrom()),
                s -> MetricPlots.of(s.id(), s.stage(), series.getOrDefault(metricsSource(s), List.of())),
                Instant.now(),
                temporal.workflowHref(run.id(), run.temporalRunId()));
    }

    /** A cached stage shows the plots of the run whose outputs it reused: it trained nothing itself. */
    private static UUID metricsSource(StageRunRecord s) {
        return s.cachedFrom() != null ? s.cachedFrom() : s.id();
    }

    /** Documents a curation step dropped, for one reason or all of them. */
    private void exclusions(Context ctx) throws IOException {
        ctx.render("exclusions.jte", Map.of("result", exclusions.read(ctx)));
    }

    private void artifact(Context ctx) {
        String digest = PathParams.digest(ctx, lineage);
        Lineage l = lineage.lineage(digest).orElseThrow(() -> DashboardApi.noArtifact(digest));
        List<ReportCardView> cards = List.of();
        List<ReportCardView> parentCards = List.of();
        if (Playground.KIND.equals(l.artifact().kind())) {
            // A model page shows its report card, and links to its base model's card when there is one.
            cards = reportCards.forModel(l);
            if (!cards.isEmpty()) parentCards = reportCards.forParentModel(l);
        } else if (ReportCardView.KIND.equals(l.artifact().kind())) {
            cards = List.of(reportCards.read(digest, "digest"));
        }
        ctx.render("artifact.jte", Map.of("lineage", l, "cards", cards, "parentCards", parentCards));
    }

    /**
     * Streams the bytes; memory use does not grow with the artifact. The object store's stream
     * verifies the digest only at end of stream, so the last chunk is held back until then: altered
     * bytes get a 500 page if nothing was sent yet (artifacts up to one chunk), and otherwise end the
     * response short of its Content-Length, which clients report as a failed download instead of
     * saving a wrong file.
     */
    private void download(Context ctx) throws IOException {
        String digest = PathParams.digest(ctx, lineage);
        ArtifactRecord a = lineage.artifact(digest).orElseThrow(() -> DashboardApi.noArtifact(digest));
        InputStream in;
        try {
            in = artifacts.open(digest);
        } catch (ArtifactNotFoundException e) {
            throw new NotFoundResponse(
                    "artifact " + digest + " is recorded in the lineage store but its bytes are missing"
                            + " from object storage; re-run the stage that produced it");
        }
        try (in) {
            ctx.contentType(mediaType(a));
            ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(a) + "\"");
            ctx.header("Content-Length", Long.toString(a.size()));
            copyHoldingLastChunk(in, ctx.outputStream());
        } catch (DigestMismatchException e) {
            // Before the first byte went out the client can still get a proper error page.
            throw new HttpResponseException(500, e.getMessage());
        }
    }

    private static void copyHoldingLastChunk(InputStream in, OutputStream out) throws IOException {
        byte[] held = new byte[64 * 1024];
        byte[] next = new byte[64 * 1024];
        int heldLen = in.readNBytes(held, 0, held.length);
        while (heldLen > 0) {
            // A short read means end of stream was reached, where the verifying stream throws on a mismatch.
            int nextLen = in.readNBytes(next, 0, next.length);
            out.write(held, 0, heldLen);
            byte[] swap = held;
            held = next;
            next = swap;
            heldLen = nextLen;
        }
        out.flush();
    }

    /** The recorded media type, or octet-stream if the record holds something a header must not carry. */
    static String mediaType(ArtifactRecord a) {
        String type = a.mediaType() == null ? "" : a.mediaType().trim().toLowerCase(Locale.ROOT);
        String bare = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type;
        return MEDIA_TYPE.matcher(bare).matches() ? bare : "application/octet-stream";
    }

    /** {@code <kind>-<first 12 hex>.<ext>}; kind is restricted to [a-z0-9-] by the lineage schema. */
    static String fileName(ArtifactRecord a) {
        return a.kind() + "-" + a.digest().substring(0, 12) + "." + extension(mediaType(a));
    }

    static String extension(String mediaType) {
        return switch (mediaType) {
            case "application/json" -> "json";
            case "application/x-ndjson", "application/jsonl", "application/x-jsonlines" -> "jsonl";
            case "application/x-ndjson+gzip", "application/jsonl+gzip" -> "jsonl.gz";
            case "application/gzip", "application/x-gzip" -> "gz";
            case "application/zip" -> "zip";
            case "application/x-tar" -> "tar";
            case "application/zstd" -> "zst";
            case "application/x-parquet", "application/vnd.apache.parquet" -> "parquet";
            case "application/x-safetensors" -> "safetensors";
            case "text/plain" -> "txt";
            case "text/html" -> "html";
            case "text/csv" -> "csv";
            case "text/markdown" -> "md";
            case "application/warc", "application/x-warc" -> "warc";
            default -> mediaType.endsWith("+json") ? "json" : "bin";
        };
    }
}
