package dev.tempered.web;

import dev.tempered.storage.StageRunRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The curation funnel of one stage run, read from the {@code funnel} key of its summary (written by
 * the {@code curate} stage: step → {@code {docs_in, docs_out, bytes_in, bytes_out, drops}}), ready
 * for {@code funnel.jte} to draw.
 *
 * <p>Step order has to be rebuilt: the lineage store keeps summaries as jsonb, which does not keep
 * key order. The stage writes its steps in order under {@code funnel_steps}; this class knows no
 * curation step itself. Runs from before that key are ordered by documents in, descending (each
 * step sees what the one before it kept), then by name.
 *
 * <p>Not handled: a summary whose funnel is not a map of maps with those numbers gives no view
 * ({@link #of} returns null) and the page falls back to printing the summary as it is.
 *
 * @param docsIn the first step's documents in: every bar is drawn as a share of it
 */
public record FunnelView(UUID stageRunId, String stage, List<Step> steps, long docsIn) {
    public static final String SUMMARY_KEY = "funnel";

    /** Summary key of the steps in the order the stage ran them. */
    public static final String ORDER_KEY = "funnel_steps";

    /**
     * One step. Widths and offsets are percentages (0..100) of the first step's documents in, for a
     * bar centred in its track, so the rows read as a funnel.
     */
    public record Step(
            String name,
            long docsIn,
            long docsOut,
            long bytesIn,
            long bytesOut,
            List<Drop> drops,
            String inX,
            String inWidth,
            String outX,
            String outWidth) {

        /** Documents this step kept, as a share of what it saw: {@code 93.2%}. */
        public String keptShare() {
            return percent(docsOut, docsIn);
        }

        public long dropped() {
            return docsIn - docsOut;
        }
    }

    /** One drop reason of a step; {@code href} is null when the reason could not be asked for in a URL. */
    public record Drop(String reason, long count, String share, String href) {}

    /** The first step's documents that made it through every step, as a share: {@code 61.0%}. */
    public String keptOverall() {
        return steps.isEmpty() ? "—" : percent(steps.get(steps.size() - 1).docsOut(), docsIn);
    }

    public long docsOut() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).docsOut();
    }

    /** Share of the first step's documents in, the percentage each bar stands for. */
    public String shareOfInput(long docs) {
        return percent(docs, docsIn);
    }

    public boolean hasDrops() {
        return steps.stream().anyMatch(s -> !s.drops().isEmpty());
    }

    /** The funnel of a stage run, or null if its summary has none (or one this class cannot read). */
    static FunnelView of(StageRunRecord stage) {
        Map<String, Object> summary = stage.summary();
        if (summary == null || !(summary.get(SUMMARY_KEY) instanceof Map<?, ?> funnel) || funnel.isEmpty()) return null;
        List<Raw> raw = new ArrayList<>();
        for (Map.Entry<?, ?> e : funnel.entrySet()) {
            Raw r = Raw.of(String.valueOf(e.getKey()), e.getValue());
            if (r == null) return null;
            raw.add(r);
        }
        List<String> order = summary.get(ORDER_KEY) instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        if (order.isEmpty()) {
            raw.sort(Comparator.comparingLong(Raw::docsIn).reversed().thenComparing(Raw::name));
        } else {
            raw.sort(Comparator.comparingInt((Raw r) -> order.contains(r.name) ? order.indexOf(r.name) : order.size())
                    .thenComparing(Raw::name));
        }

        long first = raw.get(0).docsIn;
        List<Step> steps = new ArrayList<>();
        for (Raw r : raw) {
            double in = share(r.docsIn, first);
            double out = Math.min(share(r.docsOut, first), in);
            List<Drop> drops = r.drops.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(d -> new Drop(
                            d.getKey(),
                            d.getValue(),
                            percent(d.getValue(), r.docsIn),
                            ExclusionSamples.href(stage.id(), r.name, d.getKey())))
                    .toList();
            steps.add(new Step(
                    r.name,
                    r.docsIn,
                    r.docsOut,
                    r.bytesIn,
                    r.bytesOut,
                    drops,
                    num((100 - in) / 2),
                    num(in),
                    num((100 - out) / 2),
                    num(out)));
        }
        return new FunnelView(stage.id(), stage.stage(), List.copyOf(steps), first);
    }

    /** The summary minus the funnel, which the chart shows; the rest prints as before. */
    static Map<String, Object> summaryWithoutFunnel(Map<String, Object> summary) {
        Map<String, Object> rest = new LinkedHashMap<>(summary);
        rest.remove(SUMMARY_KEY);
        rest.remove(ORDER_KEY);
        return rest;
    }

    private static double share(long part, long whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(100, 100.0 * part / whole));
    }

    private static String percent(long part, long whole) {
        if (whole <= 0) return "—";
        double p = 100.0 * part / whole;
        // 99.96% kept must not read as 100%, nor 0.04% as 0%: one decimal, and never rounded onto the ends.
        if (p > 99.9 && part < whole) return ">99.9%";
        if (p < 0.1 && part > 0) return "<0.1%";
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private record Raw(String name, long docsIn, long docsOut, long bytesIn, long bytesOut, Map<String, Long> drops) {
        static Raw of(String name, Object value) {
            if (!(value instanceof Map<?, ?> m)) return null;
            Long docsIn = count(m.get("docs_in"));
            Long docsOut = count(m.get("docs_out"));
            Long bytesIn = count(m.get("bytes_in"));
            Long bytesOut = count(m.get("bytes_out"));
            if (docsIn == null || docsOut == null || bytesIn == null || bytesOut == null) return null;
            Map<String, Long> drops = new HashMap<>();
            if (m.get("drops") instanceof Map<?, ?> d) {
                for (Map.Entry<?, ?> e : d.entrySet()) {
                    Long n = count(e.getValue());
                    if (n == null) return null;
                    drops.put(String.valueOf(e.getKey()), n);
                }
            }
            return new Raw(name, docsIn, docsOut, bytesIn, bytesOut, drops);
        }

        private static Long count(Object v) {
            return v instanceof Number n && n.doubleValue() >= 0 ? n.longValue() : null;
        }
    }
}
