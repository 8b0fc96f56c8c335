package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempered.storage.testing.CountingDataSource;
import dev.tempered.storage.testing.LineageSeed;
import dev.tempered.storage.testing.PerRunRecentRuns;
import dev.tempered.storage.testing.StorageFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runs page read in one statement ({@code PipelineRunRepository.recent}) against the
 * implementation it replaced ({@link PerRunRecentRuns}, one query per run and two per stage), on
 * runs seeded through the store as the pipeline writes them.
 */
class RunsPageQueryTest {
    private static final int SEEDED = 24;

    private static HikariDataSource pool;
    private static List<String> seeded;

    @BeforeAll
    static void seed() {
        pool = StorageFixture.get().dataSource();
        String prefix = "page-" + UUID.randomUUID().toString().substring(0, 8);
        seeded = new LineageSeed(new LineageStore(pool), prefix, 120).seed(SEEDED);
    }

    @Test
    void oneStatementReturnsExactlyWhatThePerRunQueriesReturned() {
        List<PipelineRunRecord> now = new LineageStore(pool).recentRuns(SEEDED);
        List<PipelineRunRecord> before = new PerRunRecentRuns(pool).recent(SEEDED, 0);
        assertEquals(before, now);

        // The page is the seed, newest first, and holds every case the page must show.
        List<String> newestFirst = new ArrayList<>(seeded);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, now.stream().map(PipelineRunRecord::id).toList());
        List<StageRunRecord> stages =
                now.stream().flatMap(r -> r.stages().stream()).toList();
        assertEquals(
                List.of(StageStatus.RUNNING, StageStatus.SUCCEEDED, StageStatus.FAILED, StageStatus.CANCELLED),
                List.of(StageStatus.values()).stream()
                        .filter(s -> stages.stream().anyMatch(x -> x.status() == s))
                        .toList());
        assertTrue(stages.stream().anyMatch(StageRunRecord::cached), "some stages came from the cache");
        PipelineRunRecord complete = now.stream()
                .filter(r -> r.status() == StageStatus.SUCCEEDED)
                .findFirst()
                .orElseThrow();
        assertEquals(
                LineageSeed.STAGES.stream().map(LineageSeed.StageShape::stage).toList(),
                complete.stages().stream().map(StageRunRecord::stage).toList());
        StageRunRecord ingest = complete.stages().get(0);
        assertEquals(
                List.of("manifest", "shard", "shard", "shard"),
                ingest.outputs().stream().map(ArtifactRef::name).toList());
        assertEquals(
                ingest.outputs().get(0).digest(),
                complete.stages().get(1).inputs().get(0).digest());
    }

    @Test
    void pagesFurtherDownAndSingleRunsMatchToo() {
        LineageStore lineage = new LineageStore(pool);
        PerRunRecentRuns old = new PerRunRecentRuns(pool);
        assertEquals(old.recent(7, 5), lineage.recentRuns(7, 5));
        assertEquals(seeded.get(SEEDED - 6), lineage.recentRuns(7, 5).get(0).id());
        for (String id : seeded) assertEquals(old.byId(id), lineage.run(id), id);
        assertTrue(lineage.run("no-such-run-" + UUID.randomUUID()).isEmpty());
    }

    @Test
    void aPageIsOneStatementOnOneConnectionWhateverItsSize() {
        CountingDataSource counting = new CountingDataSource(pool);
        LineageStore lineage = new LineageStore(counting);
        for (int size : new int[] {1, 8, SEEDED}) {
            counting.reset();
            assertEquals(size, lineage.recentRuns(size).size());
            assertEquals(1, counting.statements(), "statements for a page of " + size);
            assertEquals(1, counting.connectionsBorrowed());
            assertEquals(1, counting.maxHeldByOneThread());
        }

        // The replaced code, counted the same way: what the counter sees when the old pattern runs.
        PerRunRecentRuns old = new PerRunRecentRuns(counting);
        counting.reset();
        List<PipelineRunRecord> page = old.recent(SEEDED, 0);
        long stages = page.stream().mapToLong(r -> r.stages().size()).sum();
        assertEquals(1 + SEEDED + 2 * stages, counting.statements());
        assertEquals(2, counting.maxHeldByOneThread(), "the old code borrowed a second connection while holding one");
    }

    @Test
    void twentyConcurrentCallersShareAPoolOfEight() throws Exception {
        DbConfig base = StorageFixture.get().dbConfig();
        try (HikariDataSource eight = Database.open(new DbConfig(base.jdbcUrl(), base.user(), base.password(), 8))) {
            CountingDataSource counting = new CountingDataSource(eight);
            LineageStore lineage = new LineageStore(counting);
            ExecutorService callers = Executors.newFixedThreadPool(20);
            try {
                List<Future<Integer>> pages = new ArrayList<>();
                for (int caller = 0; caller < 20; caller++) {
                    pages.add(callers.submit(() -> {
                        int rows = 0;
                        for (int poll = 0; poll < 10; poll++)
                            rows += lineage.recentRuns(SEEDED).size();
                        return rows;
                    }));
                }
                // A pool timeout would surface here as a StorageException naming the pool.
                for (Future<Integer> f : pages) assertEquals(10 * SEEDED, f.get());
            } finally {
                callers.shutdownNow();
            }
            assertEquals(200, counting.statements());
            assertEquals(1, counting.maxHeldByOneThread());
        }
    }
}
