package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.lineage.MetricRepository;
import dev.tempered.storage.testing.StorageFixture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Downsampling of metric series in PostgreSQL: exact below the cap, M4 (first, last, min, max per bucket) above it. */
class MetricSeriesTest {
    private static LineageStore lineage;
    private static MetricRepository metrics;

    @BeforeAll
    static void open() {
        lineage = StorageFixture.get().lineage();
        metrics = lineage.metricRepository();
    }

    private static UUID stage() {
        String runId = "metrics-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        return lineage.startStageRun(new StageRunStart(
                runId,
                0,
                "pretrain",
                1,
                Digests.sha256Hex(runId.getBytes()),
                Map.of(),
                List.of(),
                "wf-" + runId,
                null));
    }

    /**
     * A 10,000-step loss curve with what a plot must not lose: a one-step spike (a bad batch), a
     * one-step dip, and steps logged unevenly (every step early, every 5th later).
     */
    private static List<MetricPoint> lossWithSpike() {
        List<MetricPoint> points = new ArrayList<>();
        for (long step = 1; step <= 10_000; step += step < 2_000 ? 1 : 5) {
            double value = 8.3 / Math.sqrt(step) + 2.9 + 0.01 * Math.sin(step * 0.37);
            if (step == 4_320) value = 40.0;
            if (step == 7_775) value = 0.5;
            points.add(MetricPoint.of(step, "loss", value));
        }
        return points;
    }

    @Test
    void seriesBelowTheCapComeBackExactly() {
        UUID s = stage();
        List<MetricPoint> written = new ArrayList<>();
        for (int step = 1; step <= 60; step++) {
            written.add(MetricPoint.of(step, "loss", 8.3 / Math.sqrt(step)));
            if (step % 25 == 0) written.add(MetricPoint.of(step, "val_loss", 8.5 / Math.sqrt(step)));
        }
        lineage.recordMetrics(s, written);
        List<MetricSeries> series = metrics.series(s, 60);
        assertEquals(
                List.of("loss", "val_loss"),
                series.stream().map(MetricSeries::name).toList());
        for (MetricSeries m : series) {
            List<MetricPoint> expected =
                    written.stream().filter(p -> p.name().equals(m.name())).toList();
            assertEquals(expected, m.points());
            assertEquals(expected.size(), m.totalPoints());
            assertFalse(m.downsampled());
        }
        assertTrue(metrics.series(stage(), 600).isEmpty(), "a stage without points has no series");
    }

    @Test
    void longSeriesKeepFirstLastMinAndMaxOfEveryBucketWithinTheCap() {
        UUID s = stage();
        List<MetricPoint> written = lossWithSpike();
        lineage.recordMetrics(s, written);
        int cap = 200;
        MetricSeries loss = metrics.series(s, cap).get(0);

        assertEquals(written.size(), loss.totalPoints());
        assertTrue(loss.downsampled());
        assertTrue(loss.points().size() <= cap, loss.points().size() + " points for a cap of " + cap);
        assertEquals(written.get(0), loss.points().get(0));
        assertEquals(written.get(written.size() - 1), loss.last());
        assertTrue(loss.points().contains(MetricPoint.of(4_320, "loss", 40.0)), "the spike survives");
        assertTrue(loss.points().contains(MetricPoint.of(7_775, "loss", 0.5)), "the dip survives");
        List<Long> steps = loss.points().stream().map(MetricPoint::step).toList();
        assertEquals(steps.stream().sorted().distinct().toList(), steps, "in step order, no step twice");

        // The same selection computed here: equal-width step buckets, M4 per bucket.
        assertEquals(m4(written, cap / 4), loss.points());
    }

    /** First, last, minimum and maximum point of each of {@code buckets} equal step ranges (width_bucket's rule). */
    private static List<MetricPoint> m4(List<MetricPoint> points, int buckets) {
        long lo = points.stream().mapToLong(MetricPoint::step).min().orElseThrow();
        long hi = points.stream().mapToLong(MetricPoint::step).max().orElseThrow();
        TreeMap<Long, List<MetricPoint>> byBucket = new TreeMap<>();
        for (MetricPoint p : points) {
            long bucket = (p.step() - lo) * buckets / (hi + 1 - lo);
            byBucket.computeIfAbsent(bucket, k -> new ArrayList<>()).add(p);
        }
        Set<MetricPoint> kept = new TreeSet<>(Comparator.comparingLong(MetricPoint::step));
        Comparator<MetricPoint> byValueThenStep =
                Comparator.comparingDouble(MetricPoint::value).thenComparingLong(MetricPoint::step);
        Comparator<MetricPoint> byValueDescThenStep =
                Comparator.comparingDouble(MetricPoint::value).reversed().thenComparingLong(MetricPoint::step);
        for (List<MetricPoint> b : byBucket.values()) {
            kept.add(b.get(0));
            kept.add(b.get(b.size() - 1));
            kept.add(b.stream().min(byValueThenStep).orElseThrow());
            kept.add(b.stream().min(byValueDescThenStep).orElseThrow());
        }
        return List.copyOf(kept);
    }

    @Test
    void severalStageRunsInOneStatementEachWithItsOwnBuckets() {
        UUID a = stage();
        UUID b = stage();
        lineage.recordMetrics(a, lossWithSpike());
        List<MetricPoint> shortOne = List.of(MetricPoint.of(10, "pages", 120), MetricPoint.of(20, "pages", 260));
        lineage.recordMetrics(b, shortOne);
        Map<UUID, List<MetricSeries>> both = metrics.series(List.of(a, b, UUID.randomUUID()), 40);
        assertEquals(Set.of(a, b), both.keySet());
        assertEquals(shortOne, both.get(b).get(0).points());
        assertEquals(m4(lossWithSpike(), 10), both.get(a).get(0).points());
        assertThrows(IllegalArgumentException.class, () -> metrics.series(a, 3));
    }
}
