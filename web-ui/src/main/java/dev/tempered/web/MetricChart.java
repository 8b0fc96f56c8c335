package dev.tempered.web;

import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.MetricSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One metric plot drawn as SVG on the server (the CSP forbids inline script and a chart library
 * is not needed for lines): series against step in a fixed viewBox, with ticks and labels. All
 * coordinates are pre-formatted strings so {@code metric_chart.jte} only places them.
 *
 * <p>Long series arrive downsampled to at most {@link #MAX_POINTS} points by the lineage store
 * (first, last, minimum and maximum of each step bucket, so spikes stay visible), so a 50 000-step
 * run does not send megabytes every poll; short ones also get markers, since a validation loss
 * taken every few hundred steps is a handful of points a line alone hides.
 */
public record MetricChart(
        String key,
        String title,
        String unit,
        List<Line> lines,
        List<Tick> xTicks,
        List<Tick> yTicks,
        String latest,
        List<Hover> hovers,
        Drawing logScale) {
    public static final int WIDTH = 480;
    public static final int HEIGHT = 220;
    public static final int LEFT = 58;
    public static final int RIGHT = 14;
    public static final int TOP = 10;
    public static final int BOTTOM = 40;
    /**
     * Points per series a chart asks the lineage store for: 150 buckets of four, one per ~2.7 of the
     * plot's 408 pixel columns. Every spike is drawn; the shape inside a bucket is not, and the SVG
     * that the page re-fetches every 2 s stays small.
     */
    static final int MAX_POINTS = 600;

    static final int MARKERS_UP_TO = 24;

    /** One series: its polyline points ({@code "x,y x,y"}), markers when short, and how many points it has recorded. */
    public record Line(String name, int index, String points, List<String[]> markers, int count) {}

    /** A tick at {@code at} (x or y in viewBox units) with its label. */
    public record Tick(String at, String label) {}

    /**
     * A vertical band of the plot whose tooltip reads the values there ({@code step 120 · loss
     * 3.912 · val_loss 4.05}): hovering the chart shows numbers without any script.
     */
    public record Hover(String x, String width, String text) {}

    /** The same series on a logarithmic value axis, drawn beside the linear one for the page's toggle. */
    public record Drawing(List<Line> lines, List<Tick> yTicks) {}

    /** At most this many hover bands per chart: one per ~2.7 pixel columns, like the points. */
    static final int MAX_HOVERS = 150;

    public static int plotRight() {
        return WIDTH - RIGHT;
    }

    public static int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    static MetricChart of(String key, String title, String unit, List<MetricSeries> series) {
        double minStep = Double.MAX_VALUE,
                maxStep = -Double.MAX_VALUE,
                minV = Double.MAX_VALUE,
                maxV = -Double.MAX_VALUE;
        for (MetricSeries s : series) {
            for (MetricPoint p : s.points()) {
                minStep = Math.min(minStep, p.step());
                maxStep = Math.max(maxStep, p.step());
                minV = Math.min(minV, p.value());
                maxV = Math.max(maxV, p.value());
            }
        }
        ChartAxis x = ChartAxis.of(Math.min(0, minStep), maxStep, false);
        ChartAxis y = ChartAxis.of(minV, maxV, minV >= 0 && minV < (maxV - minV));
        double w = WIDTH - LEFT - RIGHT;
        List<String> latest = new ArrayList<>();
        for (MetricSeries s : series) {
            MetricPoint last = s.last();
            latest.add(s.name() + " " + ChartAxis.readout(last.value()) + " at step " + last.step());
        }
        List<Tick> xTicks = x.ticks().stream()
                .map(t -> new Tick(num(LEFT + x.fraction(t) * w), x.label(t)))
                .toList();
        // Values at or below zero have no place on a log axis: such charts offer none.
        Drawing log = minV > 0 ? draw(series, x, ChartAxis.logOf(minV, maxV)) : null;
        Drawing linear = draw(series, x, y);
        return new MetricChart(
                key,
                title,
                unit,
                linear.lines(),
                xTicks,
                linear.yTicks(),
                String.join(" · ", latest),
                hovers(series, x),
                log);
    }

    private static Drawing draw(List<MetricSeries> series, ChartAxis x, ChartAxis y) {
        double w = WIDTH - LEFT - RIGHT, h = HEIGHT - TOP - BOTTOM;
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<MetricPoint> s = series.get(i).points();
            StringBuilder pts = new StringBuilder();
            List<String[]> markers = new ArrayList<>();
            for (MetricPoint p : s) {
                String px = num(LEFT + x.fraction(p.step()) * w);
                String py = num(TOP + (1 - y.fraction(p.value())) * h);
                if (pts.length() > 0) pts.append(' ');
                pts.append(px).append(',').append(py);
                if (s.size() <= MARKERS_UP_TO) markers.add(new String[] {px, py});
            }
            lines.add(new Line(series.get(i).name(), i, pts.toString(), markers, (int)
                    series.get(i).totalPoints()));
        }
        List<Tick> yTicks = y.ticks().stream()
                .map(t -> new Tick(num(TOP + (1 - y.fraction(t)) * h), y.label(t)))
                .toList();
        return new Drawing(lines, yTicks);
    }

    /**
     * Bands across the plot, each covering an equal share of the steps, whose text gives every
     * series's last value inside it (a series with no point there is left out of that band).
     */
    private static List<Hover> hovers(List<MetricSeries> series, ChartAxis x) {
        double w = WIDTH - LEFT - RIGHT;
        int bands = MAX_HOVERS;
        java.util.TreeMap<Integer, java.util.LinkedHashMap<String, MetricPoint>> byBand = new java.util.TreeMap<>();
        for (MetricSeries s : series) {
            for (MetricPoint p : s.points()) {
                int band = (int) Math.min(bands - 1, Math.max(0, Math.floor(x.fraction(p.step()) * bands)));
                byBand.computeIfAbsent(band, b -> new java.util.LinkedHashMap<>())
                        .put(s.name(), p);
            }
        }
        List<Hover> hovers = new ArrayList<>();
        for (var e : byBand.entrySet()) {
            long step = e.getValue().values().stream()
                    .mapToLong(MetricPoint::step)
                    .max()
                    .orElse(0);
            StringBuilder text = new StringBuilder("step ").append(step);
            e.getValue()
                    .forEach((name, p) ->
                            text.append(" · ").append(name).append(' ').append(ChartAxis.readout(p.value())));
            hovers.add(new Hover(num(LEFT + e.getKey() * w / bands), num(w / bands), text.toString()));
        }
        return hovers;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
