package dev.tempered.web;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.RunFilter;
import dev.tempered.storage.StageStatus;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of the runs list as the filter form asks for it ({@code ?status=&pipeline=&q=&page=}),
 * with what the template needs to keep the filter in the live refresh and the page links.
 *
 * @param page    1-based
 * @param hasNext whether a further page holds runs
 */
public record RunsListView(List<PipelineRunRecord> runs, RunFilter filter, int page, boolean hasNext, Instant now) {
    static final int PAGE_SIZE = 50;
    /** Far enough for any list a person pages through; keeps OFFSET bounded. */
    static final int MAX_PAGE = 10_000;
    /** An error line longer than this is cut in the table; the full text is in its tooltip and on the run page. */
    static final int ERROR_SHOWN = 140;

    static RunsListView read(Context ctx, LineageStore lineage) {
        RunFilter filter;
        try {
            filter = new RunFilter(
                    RunFilter.status(ctx.queryParam("status")), ctx.queryParam("pipeline"), ctx.queryParam("q"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        int page = (int) PathParams.longQuery(ctx, "page", 1, 1, MAX_PAGE);
        // One more than a page tells whether there is a next one without counting the table.
        List<PipelineRunRecord> found = lineage.recentRuns(filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
        boolean hasNext = found.size() > PAGE_SIZE;
        return new RunsListView(hasNext ? found.subList(0, PAGE_SIZE) : found, filter, page, hasNext, Instant.now());
    }

    /** The statuses the filter offers, as stored. */
    public static List<String> statuses() {
        List<String> names = new ArrayList<>();
        for (StageStatus s : StageStatus.values()) names.add(s.dbValue());
        return names;
    }

    public String statusValue() {
        return filter.status() == null ? "" : filter.status().dbValue();
    }

    public String pipelineValue() {
        return filter.pipeline() == null ? "" : filter.pipeline();
    }

    public String textValue() {
        return filter.text() == null ? "" : filter.text();
    }

    /** The query string of this filter on page {@code n} (no leading {@code ?}); empty for page 1 of everything. */
    public String query(int n) {
        List<String> parts = new ArrayList<>();
        if (filter.status() != null)
            parts.add("status=" + encode(filter.status().dbValue()));
        if (filter.pipeline() != null) parts.add("pipeline=" + encode(filter.pipeline()));
        if (filter.text() != null) parts.add("q=" + encode(filter.text()));
        if (n > 1) parts.add("page=" + n);
        return String.join("&", parts);
    }

    public String pageHref(int n) {
        String q = query(n);
        return q.isEmpty() ? "/" : "/?" + q;
    }

    public String fragmentHref() {
        String q = query(page);
        return q.isEmpty() ? "/fragments/runs" : "/fragments/runs?" + q;
    }

    /** The run's error as one line for the table; empty when it has none. */
    public static String errorLine(PipelineRunRecord r) {
        if (r.error() == null || r.error().isBlank()) return "";
        String line = r.error().strip().replaceAll("\\s+", " ");
        return line.length() <= ERROR_SHOWN ? line : line.substring(0, ERROR_SHOWN - 1) + "…";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
