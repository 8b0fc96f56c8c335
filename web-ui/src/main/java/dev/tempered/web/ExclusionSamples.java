package dev.tempered.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.ArtifactNotFoundException;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunRecord;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Documents a curation step dropped, read back from the stage run's {@code excluded_<step>} outputs
 * (gzip JSON lines {@code {id, url, step, reason, rule, excerpt}}, one artifact per shard, each
 * possibly several gzip members) for the samples page and its JSON twin.
 *
 * <p>Reads stream and stop at {@code limit + 1} matches, so memory and time do not grow with the
 * artifacts unless the reason is rare. A read that stops early never reaches end of stream, where
 * the object store verifies the digest: the rows shown then come from unverified bytes, which is
 * fine for looking at samples and is why nothing here is used as data. Every value read is
 * untrusted web text; the template escapes it and this class never builds HTML.
 */
public final class ExclusionSamples {
    /** Step names and drop reasons as the curate stage writes them, e.g. {@code extract:binary}. */
    static final Pattern NAME = Pattern.compile("[a-z0-9_:.-]{1,64}");

    static final String OUTPUT_PREFIX = "excluded_";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    /** One dropped document; {@code rule} is the blocklist rule for URL-filter drops, else null. */
    public record Sample(String id, String url, String step, String reason, String rule, String excerpt) {
        /** The page's own URL when it is plain http(s), so a link can never carry a {@code javascript:} URL. */
        public String externalHref() {
            if (url == null) return null;
            String lower = url.toLowerCase(Locale.ROOT);
            return lower.startsWith("http://") || lower.startsWith("https://") ? url : null;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("url", url);
            m.put("step", step);
            m.put("reason", reason);
            m.put("rule", rule);
            m.put("excerpt", excerpt);
            return m;
        }
    }

    /**
     * What the page shows.
     *
     * @param reason null for every reason of the step
     * @param more   whether more matching records exist beyond {@code samples}
     */
    public record Result(
            StageRunRecord stage,
            String step,
            String reason,
            int limit,
            List<String> artifacts,
            List<Sample> samples,
            boolean more) {
        public String runHref() {
            return Views.runHref(stage.pipelineRunId());
        }

        /** The same query with the largest limit, offered when there are more rows. */
        public String moreHref() {
            return href(stage.id(), step, reason) + "&limit=" + MAX_LIMIT;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage_run_id", stage.id().toString());
            m.put("run_id", stage.pipelineRunId());
            m.put("stage", stage.stage());
            m.put("step", step);
            m.put("reason", reason);
            m.put("limit", limit);
            m.put("artifacts", artifacts);
            m.put("more", more);
            m.put("samples", samples.stream().map(Sample::toJson).toList());
            return m;
        }
    }

    private final LineageStore lineage;
    private final ArtifactStore artifacts;

    /** The samples page for a step and optional reason; null when either would be refused there. */
    static String href(UUID stageRunId, String step, String reason) {
        if (!NAME.matcher(step).matches()
                || (reason != null && !NAME.matcher(reason).matches())) return null;
        return "/stage-runs/" + stageRunId + "/exclusions?step=" + URLEncoder.encode(step, StandardCharsets.UTF_8)
                + (reason == null ? "" : "&reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8));
    }

    ExclusionSamples(LineageStore lineage, ArtifactStore artifacts) {
        this.lineage = lineage;
        this.artifacts = artifacts;
    }

    /** Validates {@code id}, {@code step}, {@code reason} and {@code limit} from the request and reads the samples. */
    Result read(Context ctx) throws IOException {
        UUID id = PathParams.stageRunId(ctx);
        String step = name(ctx, "step", true);
        String reason = name(ctx, "reason", false);
        int limit = (int) PathParams.longQuery(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        StageRunRecord stage = lineage.stageRun(id).orElseThrow(() -> new NotFoundResponse("no stage run " + id));
        return read(stage, step, reason, limit);
    }

    Result read(StageRunRecord stage, String step, String reason, int limit) throws IOException {
        Set<String> digests = new LinkedHashSet<>();
        Set<String> steps = new TreeSet<>();
        for (ArtifactRef o : stage.outputs()) {
            if (!o.name().startsWith(OUTPUT_PREFIX)) continue;
            String outputStep = o.name().substring(OUTPUT_PREFIX.length());
            steps.add(outputStep);
            if (outputStep.equals(step)) digests.add(o.digest());
        }
        if (digests.isEmpty()) {
            throw new NotFoundResponse("stage run " + stage.id() + " has no output " + OUTPUT_PREFIX + step
                    + (steps.isEmpty()
                            ? "; it wrote no exclusions"
                            : "; steps with exclusions: " + String.join(", ", steps)));
        }
        List<Sample> samples = new ArrayList<>();
        boolean more = false;
        for (String digest : digests) {
            more = scan(digest, step, reason, limit + 1, samples);
            if (more) break;
        }
        if (samples.size() > limit) samples = samples.subList(0, limit);
        return new Result(stage, step, reason, limit, List.copyOf(digests), List.copyOf(samples), more);
    }

    /** Adds matching records of one artifact to {@code into} until it holds {@code wanted}; true if it got there. */
    private boolean scan(String digest, String step, String reason, int wanted, List<Sample> into) throws IOException {
        InputStream raw;
        try {
            raw = artifacts.open(digest);
        } catch (ArtifactNotFoundException e) {
            throw new NotFoundResponse(
                    "exclusion artifact " + digest + " is recorded in the lineage store but its bytes are"
                            + " missing from object storage; re-run the stage that produced it");
        }
        // GZIPInputStream reads concatenated gzip members, which is how per-chunk parts are joined.
        try (raw;
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                JsonNode r;
                try {
                    r = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new HttpResponseException(
                            500,
                            "exclusion artifact " + digest + " line " + number + " is not JSON ("
                                    + e.getOriginalMessage() + "); the artifact is damaged");
                }
                if (!step.equals(text(r, "step")) || (reason != null && !reason.equals(text(r, "reason")))) continue;
                into.add(new Sample(
                        text(r, "id"),
                        text(r, "url"),
                        text(r, "step"),
                        text(r, "reason"),
                        text(r, "rule"),
                        text(r, "excerpt")));
                if (into.size() >= wanted) return true;
            }
        } catch (ZipException e) {
            throw new HttpResponseException(
                    500,
                    "exclusion artifact " + digest + " is not gzip (" + e.getMessage() + "); expected gzip JSON lines");
        }
        return false;
    }

    private static String text(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String name(Context ctx, String param, boolean required) {
        String v = ctx.queryParam(param);
        if (v == null || v.isEmpty()) {
            if (required)
                throw new BadRequestResponse(
                        "query parameter " + param + " is required, e.g. " + param + "=c4_quality");
            return null;
        }
        if (!NAME.matcher(v).matches()) {
            throw new BadRequestResponse("query parameter " + param + "='" + PathParams.shorten(v)
                    + "' may contain only a-z, 0-9, '_', ':', '.' and '-' (1 to 64 of them)");
        }
        return v;
    }
}
