package dev.tempered.web;

import dev.tempered.storage.ArtifactNotFoundException;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.LineageStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe page {@code /probes/{digest}} and its JSON twin {@code /api/probes/{digest}}: the
 * questions a {@code probe} stage asked, each with its sampled answers and verdicts, filtered by
 * {@code ?classification=} and {@code ?verdict=} and paged with {@code ?page=}. The digest may be a
 * unique prefix; an artifact that is not a {@code probe-results} is a 404 naming its kind.
 */
final class ProbePage {
    /**
     * The stage writes a few hundred questions (tens of kB per hundred); a file far beyond that is
     * not something a page should parse on every request.
     */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final LineageStore lineage;
    private final ArtifactStore artifacts;

    ProbePage(LineageStore lineage, ArtifactStore artifacts) {
        this.lineage = lineage;
        this.artifacts = artifacts;
    }

    void register(RoutesConfig routes) {
        routes.get("/probes/{digest}", ctx -> ctx.render("probe.jte", Map.of("view", view(ctx))));
        routes.get("/api/probes/{digest}", ctx -> DashboardApi.json(ctx, toJson(view(ctx))));
    }

    private ProbePageView view(Context ctx) {
        String digest = PathParams.digest(ctx, lineage);
        String classification = choice(ctx, "classification", ProbeResultsView.CLASSIFICATIONS);
        String verdict = choice(ctx, "verdict", ProbeResultsView.VERDICTS);
        int page = (int) PathParams.longQuery(ctx, "page", 1, 1, 1_000_000);
        return ProbePageView.of(read(digest), classification, verdict, page);
    }

    /** A query parameter from a fixed vocabulary; absent or empty means no filter. */
    private static String choice(Context ctx, String name, List<String> allowed) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        if (!allowed.contains(v)) {
            throw new BadRequestResponse("query parameter " + name + "='" + PathParams.shorten(v) + "' must be one of "
                    + String.join(", ", allowed));
        }
        return v;
    }

    ProbeResultsView read(String digest) {
        ArtifactRecord a = lineage.artifact(digest).orElseThrow(() -> DashboardApi.noArtifact(digest));
        if (!ProbeResultsView.KIND.equals(a.kind())) {
            throw new NotFoundResponse("artifact " + digest + " is a " + a.kind() + ", not " + ProbeResultsView.KIND
                    + "; pick the probe-results output of a probe stage");
        }
        if (a.size() > MAX_BYTES) {
            throw new BadRequestResponse("probe results " + digest + " are " + Views.size(a.size()) + ", more than the "
                    + Views.size(MAX_BYTES) + " this page reads; download them instead");
        }
        try {
            return ProbeResultsView.parse(digest, artifacts.readAllBytes(digest));
        } catch (ArtifactNotFoundException e) {
            throw new NotFoundResponse("probe results " + digest
                    + " are recorded in the lineage store but their bytes are missing from object storage;"
                    + " re-run the probe stage");
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading probe results " + digest, e);
        }
    }

    /**
     * The page as JSON: the artifact's header fields, the filter, paging and counts, and the page's
     * items in the artifact's own field names, so a script can read either.
     */
    static Map<String, Object> toJson(ProbePageView view) {
        ProbeResultsView r = view.results();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("questions", r.counts().questions());
        counts.put("known", r.counts().known());
        counts.put("unknown", r.counts().unknown());
        counts.put("unstable", r.counts().unstable());
        counts.put("mined_refusals", r.counts().minedRefusals());
        counts.put("mined_answers", r.counts().minedAnswers());
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("classification", view.classification());
        filter.put("verdict", view.verdict());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("digest", r.digest());
        body.put("format", r.format());
        body.put("model", r.model());
        body.put("tokenizer", r.tokenizer());
        body.put("questions", r.questions());
        body.put("settings", r.settings());
        body.put("counts", counts);
        body.put("filter", filter);
        body.put("matching", view.matching());
        body.put("page", view.page());
        body.put("pages", view.pages());
        body.put("page_size", ProbePageView.PAGE_SIZE);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ProbeResultsView.Item i : view.items()) items.add(item(i));
        body.put("items", items);
        return body;
    }

    private static Map<String, Object> item(ProbeResultsView.Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("entity", i.entity());
        m.put("attribute", i.attribute());
        m.put("question", i.question());
        m.put("reference", i.reference());
        List<Map<String, Object>> answers = new ArrayList<>();
        for (ProbeResultsView.Answer a : i.answers()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("text", a.text());
            am.put("verdict", a.verdict());
            answers.add(am);
        }
        m.put("answers", answers);
        m.put("correct", i.correct());
        m.put("refused", i.refused());
        m.put("wrong", i.wrong());
        m.put("classification", i.classification());
        m.put("mined", i.mined());
        m.put("mined_reply", i.minedReply());
        return m;
    }
}
