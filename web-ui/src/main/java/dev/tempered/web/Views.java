package dev.tempered.web;

import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formatting the templates call: short digests, sizes, durations, times and links. Everything
 * here returns plain text; escaping is jte's job, so nothing here builds HTML.
 */
public final class Views {
    /** How many hex characters of a digest pages show; the full value goes in a {@code title}. */
    public static final int SHORT_DIGEST = 12;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Views() {}

    public static String shortDigest(String digest) {
        if (digest == null) return "";
        return digest.length() <= SHORT_DIGEST ? digest : digest.substring(0, SHORT_DIGEST);
    }

    public static String runHref(String runId) {
        return "/runs/" + runId;
    }

    public static String artifactHref(String digest) {
        return "/artifacts/" + digest;
    }

    public static String playgroundHref(String digest) {
        return "/playground?model=" + digest;
    }

    public static String chatHref(String digest) {
        return "/chat?model=" + digest;
    }

    public static String compareHref(String a, String b) {
        return "/report-cards/compare?a=" + a + "&b=" + b;
    }

    /** The probe page of a {@code probe-results} artifact: its questions, answers and verdicts. */
    public static String probeHref(String digest) {
        return "/probes/" + digest;
    }

    public static String downloadHref(String digest) {
        return "/artifacts/" + digest + "/download";
    }

    /** Binary units (KiB, MiB), one decimal above bytes: {@code 1.5 MiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Counts with thousands separators: {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String time(Instant at) {
        return at == null ? "—" : TIME.format(at);
    }

    public static String isoTime(Instant at) {
        return at == null ? null : at.toString();
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4 m 05 s}, {@code 2 h 03 m}; an open interval runs to {@code now}. */
    public static String duration(Instant start, Instant end, Instant now) {
        if (start == null) return "—";
        long ms = Math.max(0, Duration.between(start, end == null ? now : end).toMillis());
        String text;
        if (ms < 1000) text = ms + " ms";
        else if (ms < 60_000) text = String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        else if (ms < 3_600_000) text = String.format(Locale.ROOT, "%d m %02d s", ms / 60_000, (ms / 1000) % 60);
        else text = String.format(Locale.ROOT, "%d h %02d m", ms / 3_600_000, (ms / 60_000) % 60);
        return end == null ? text + " so far" : text;
    }

    public static String runDuration(PipelineRunRecord run, Instant now) {
        return duration(run.created(), run.finished(), now);
    }

    public static String stageDuration(StageRunRecord stage, Instant now) {
        return duration(stage.started(), stage.finished(), now);
    }

    /** Parameters as {@code key=value} strings; non-scalar values are written as compact JSON. */
    public static List<String> params(Map<String, Object> params) {
        List<String> out = new ArrayList<>();
        if (params == null) return out;
        params.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(e.getKey() + "=" + scalarOrJson(e.getValue())));
        return out;
    }

    /** Metadata and other free-form JSON, indented for a {@code <pre>}. */
    public static String prettyJson(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    public static String scalar(Object value) {
        if (value == null) return "null";
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    private static String scalarOrJson(Object value) {
        // Lists of plain values read better as "a, b, c" than as JSON with quotes.
        if (value instanceof List<?> list
                && list.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>)) {
            return String.join(", ", list.stream().map(Views::scalar).toList());
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) return Json.write(value);
        return scalar(value);
    }

    /** Outputs under one name beyond this many fold into a group (curate writes one per shard and step). */
    public static final int OUTPUTS_SHOWN_INLINE = 3;

    /** Outputs grouped by edge name, in first-seen order. */
    public static List<List<dev.tempered.storage.ArtifactRef>> groupOutputs(
            List<dev.tempered.storage.ArtifactRef> refs) {
        Map<String, List<dev.tempered.storage.ArtifactRef>> groups = new java.util.LinkedHashMap<>();
        for (var r : refs)
            groups.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        return new ArrayList<>(groups.values());
    }

    /** A non-empty list of flat maps with the same keys: shown as a small table (longest tokens, errors). */
    public static boolean isRecordList(List<?> list) {
        if (list.isEmpty() || !(list.get(0) instanceof Map<?, ?> first)) return false;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || !m.keySet().equals(first.keySet())) return false;
            for (Object v : m.values()) if (v instanceof Map<?, ?> || v instanceof List<?>) return false;
        }
        return true;
    }

    /** Column names of a record list, in the first record's order. */
    public static List<String> columns(List<?> list) {
        List<String> out = new ArrayList<>();
        for (Object k : ((Map<?, ?>) list.get(0)).keySet()) out.add(String.valueOf(k));
        return out;
    }

    /** True for a sha256 digest, which pages show abbreviated and linked to its artifact. */
    public static boolean isDigest(String value) {
        return dev.tempered.storage.Digests.isDigest(value);
    }
}
