package dev.tempered.bench.lineage;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempered.bench.Samples;
import dev.tempered.storage.Database;
import dev.tempered.storage.DbConfig;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.lineage.PipelineRunRepository;
import dev.tempered.storage.testing.CountingDataSource;
import dev.tempered.storage.testing.LineageSeed;
import dev.tempered.storage.testing.PerRunRecentRuns;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The dashboard's runs page under concurrent polling, with the runs read two ways in the same
 * process, against the same database, interleaved round by round:
 * <ul>
 *   <li><b>old</b>: {@link PerRunRecentRuns}, THE PRE-ISSUE-10 IMPLEMENTATION of
 *       {@code LineageStore.recentRuns} (1 query for the page, 1 per run, 2 per stage, a second pooled
 *       connection borrowed while one is held), plugged into an otherwise identical dashboard;</li>
 *   <li><b>new</b>: {@link PipelineRunRepository#recent}, one statement per page.</li>
 * </ul>
 * Each side has its own pool of 8 connections (the platform's default) behind a statement counter.
 * Embedded PostgreSQL 17 (zonky), seeded through the real store by {@link LineageSeed}.
 * Run by hand with {@code bench/run-lineage.sh}; never in CI.
 */
@Command(name = "run-lineage.sh", mixinStandardHelpOptions = true,
        description = "Runs page latency with N concurrent clients: the old per-run lineage reads against the one-statement page.")
public final class LineageBench implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "1000", description = "Pipeline runs seeded, 8 stages each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--metric-steps", defaultValue = "300", description = "Pretrain metric steps per run, 4-5 series (default: ${DEFAULT-VALUE}).")
    int metricSteps;

    @Option(names = "--clients", defaultValue = "20", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--requests", defaultValue = "10", description = "Requests per client per path, side and round (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds, each old then new (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LineageBench()).execute(args));
    }

    private record Side(String name, CountingDataSource counting, DashboardServer web) {}

    private record Cell(String side, String path, List<Double> latencies, long requests, long errors, long statements,
                        double wallSeconds, String firstError) {}

    @Override
    public Integer call() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DbConfig db = new DbConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", DbConfig.DEFAULT_MAX_POOL_SIZE);
            try (HikariDataSource seedPool = Database.open(db);
                 HikariDataSource oldPool = Database.open(db);
                 HikariDataSource newPool = Database.open(db)) {
                long t0 = System.nanoTime();
                new LineageSeed(new LineageStore(seedPool), "bench", metricSteps).seed(runs);
                System.out.printf(Locale.ROOT, "seeded %d runs x %d stages in %.1f s: %s%n", runs, LineageSeed.STAGES.size(),
                        (System.nanoTime() - t0) / 1e9, tableSizes(seedPool));
                explain(seedPool);

                CountingDataSource oldCounting = new CountingDataSource(oldPool);
                CountingDataSource newCounting = new CountingDataSource(newPool);
                try (DashboardServer oldWeb = DashboardServer.start(WebConfig.anyFreePort(),
                        new LineageStore(oldCounting, new PerRunRecentRuns(oldCounting)), null);
                     DashboardServer newWeb = DashboardServer.start(WebConfig.anyFreePort(), new LineageStore(newCounting), null)) {
                    // The runs page never reads artifact bytes, so the dashboards get no artifact store.
                    List<Side> sides = List.of(new Side("old", oldCounting, oldWeb), new Side("new", newCounting, newWeb));
                    List<String> paths = List.of("/", "/api/runs");
                    List<Cell> cells = new ArrayList<>();
                    for (int round = -warmup; round < rounds; round++) {
                        for (String path : paths) {
                            for (Side side : sides) {
                                side.counting().reset();
                                HttpLoad.Result r = HttpLoad.run(URI.create(side.web().url() + path), clients, requests);
                                System.out.printf(Locale.ROOT, "%s %-4s %-10s p50 %8.1f ms  p99 %8.1f ms  %5.1f req/s  %d errors  %.1f statements/request%n",
                                        round < 0 ? "warm-up" : "round " + (round + 1), side.name(), path, r.latencyMs().p50(),
                                        r.latencyMs().p99(), r.requests() / r.wallSeconds(), r.errors(),
                                        side.counting().statements() / (double) r.requests());
                                if (r.firstError() != null) System.out.println("  first error: " + r.firstError());
                                if (round >= 0) cells.add(new Cell(side.name(), path, r.latencies(), r.requests(),
                                        r.errors(), side.counting().statements(), r.wallSeconds(), r.firstError()));
                            }
                        }
                    }
                    report(cells, paths);
                }
            }
        }
        return 0;
    }

    private void report(List<Cell> cells, List<String> paths) {
        System.out.printf(Locale.ROOT, "%n%d runs x %d stages, %d clients x %d requests x %d rounds per path and side; pool of %d per side%n%n",
                runs, LineageSeed.STAGES.size(), clients, requests, rounds, DbConfig.DEFAULT_MAX_POOL_SIZE);
        System.out.println("| path | side | requests | errors | p50 ms (all rounds) | p99 ms (all rounds) | req/s | statements/request |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (String path : paths) {
            for (String side : List.of("old", "new")) {
                List<Cell> mine = cells.stream().filter(c -> c.path().equals(path) && c.side().equals(side)).toList();
                long requests = mine.stream().mapToLong(Cell::requests).sum();
                Samples all = Samples.of(mine.stream().flatMap(c -> c.latencies().stream()).toList());
                System.out.printf(Locale.ROOT, "| `%s` | %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", path, side, requests,
                        mine.stream().mapToLong(Cell::errors).sum(), all.p50(), all.p99(),
                        requests / mine.stream().mapToDouble(Cell::wallSeconds).sum(),
                        mine.stream().mapToLong(Cell::statements).sum() / (double) requests);
            }
        }
    }

    private static String tableSizes(HikariDataSource db) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT count(*) FROM pipeline_runs), (SELECT count(*) FROM stage_runs),
                       (SELECT count(*) FROM stage_outputs), (SELECT count(*) FROM artifacts), (SELECT count(*) FROM metrics)""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.format(Locale.ROOT, "%d runs, %d stage runs, %d outputs, %d artifacts, %d metric points",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    /** The page statement's plan on the seeded data: the question is whether it needs an index the schema lacks. */
    private static void explain(HikariDataSource db) throws Exception {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement analyze = c.prepareStatement("ANALYZE")) {
                analyze.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + PipelineRunRepository.PAGE_SQL)) {
                ps.setInt(1, 100);
                ps.setInt(2, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    System.out.println("plan of the runs page statement (100 runs):");
                    while (rs.next()) System.out.println("  " + rs.getString(1));
                }
            }
        }
    }
}
