package dev.tempered.storage;

import java.util.List;

/**
 * One named series of a stage run as a plot draws it: its points in step order, possibly
 * downsampled by the lineage store, and how many points the series really has.
 *
 * @param totalPoints points recorded for the series; equal to {@code points.size()} when nothing was dropped
 */
public record MetricSeries(String name, long totalPoints, List<MetricPoint> points) {
    public MetricSeries {
        points = List.copyOf(points);
    }

    public boolean downsampled() {
        return totalPoints > points.size();
    }

    public MetricPoint last() {
        return points.get(points.size() - 1);
    }
}
