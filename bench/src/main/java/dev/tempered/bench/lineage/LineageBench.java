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
 * process, against the same database, each path measured old then new back to back in each phase
 * (warm-up, one client, N clients):
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
@Command(
        name = "run-lineage.sh",
        mixinStandardHelpOptions = true,
        description =
                "Runs page latency with N concurrent clients: the old per-run lineage reads against the one-statement page.")
public final class LineageBench implements Callable<Integer> {
    @Option(
            names = "--runs",
            defaultValue = "1000",
            description = "Pipeline runs seeded, 8 stages each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--metric-steps",
            defaultValue = "300",
            description = "Pretrain metric steps per run, 4-5 series (default: ${DEFAULT-VALUE}).")
    int metricSteps;

    @Option(
            names = "--clients",
            defaultValue = "20",
            description = "Concurrent clients of the loaded phase (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--requests",
            defaultValue = "5",
            description = "Requests per client per path and side in the loaded phase (default: ${DEFAULT-VALUE}); "
                    + "the old side's pool timeouts take 15 s each, so keep it small.")
    int requests;

    @Option(
            names = "--serial-requests",
            defaultValue = "20",
            description =
                    "Requests per path and side from one client, the uncontended cost (default: ${DEFAULT-VALUE}).")
    int serialRequests;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            description = "Unmeasured one-client requests per path and side first (default: ${DEFAULT-VALUE}).")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LineageBench()).execute(args));
    }

    private record Side(String name, CountingDataSource counting, DashboardServer web) {}

    private record Cell(
            String phase,
            String side,
            String path,
            List<Double> latencies,
            long requests,
            long errors,
            long statements,
            double wallSeconds,
            String firstError) {}

    @Override
    public Integer call() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DbConfig db = new DbConfig(
                    pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", DbConfig.DEFAULT_MAX_POOL_SIZE);
            try (HikariDataSource seedPool = Database.open(db);
                    HikariDataSource oldPool = Database.open(db);
                    HikariDataSource newPool = Database.open(db)) {
                long t0 = System.nanoTime();
                new LineageSeed(new LineageStore(seedPool), "bench", metricSteps).seed(runs);
                System.out.printf(
                        Locale.ROOT,
                        "seeded %d runs x %d stages in %.1f s: %s%n",
                        runs,
                        LineageSeed.STAGES.size(),
                        (System.nanoTime() - t0) / 1e9,
                        tableSizes(seedPool));
                explain(seedPool);

                CountingDataSource oldCounting = new CountingDataSource(oldPool);
                CountingDataSource newCounting = new CountingDataSource(newPool);
                try (DashboardServer oldWeb = DashboardServer.start(
                                WebConfig.anyFreePort(),
                                new LineageStore(oldCounting, new PerRunRecentRuns(oldCounting)),
                                null);
                        DashboardServer newWeb =
                                DashboardServer.start(WebConfig.anyFreePort(), new LineageStore(newCounting), null)) {
                    // The runs page never reads artifact bytes, so the dashboards get no artifact store.
                    List<Side> sides =
                            List.of(new Side("old", oldCounting, oldWeb), new Side("new", newCounting, newWeb));
                    List<String> paths = List.of("/", "/api/runs");
                    List<Cell> cells = new ArrayList<>();
                    // Phases: warm-up (JIT, pools), one client (what a request costs uncontended), then the
                    // loaded phase. Within a phase each path runs old then new back to back, so background
                    // load on this shared machine falls on both alike.
                    record Phase(String name, int clients, int requests, boolean measured) {}
                    for (Phase phase : List.of(
                            new Phase("warm-up", 1, warmup, false),
                            new Phase("1 client", 1, serialRequests, true),
                            new Phase(clients + " clients", clients, requests, true))) {
                        for (String path : paths) {
                            for (Side side : sides) {
                                side.counting().reset();
                                HttpLoad.Result r = HttpLoad.run(
                                        URI.create(side.web().url() + path), phase.clients(), phase.requests());
                                System.out.printf(
                                        Locale.ROOT,
                                        "%-10s %-4s %-10s p50 %8.1f ms  p99 %8.1f ms  %5.1f req/s  %d errors  %.1f statements/request%n",
                                        phase.name(),
                                        side.name(),
                                        path,
                                        r.latencyMs().p50(),
                                        r.latencyMs().p99(),
                                        r.requests() / r.wallSeconds(),
                                        r.errors(),
                                        side.counting().statements() / (double) r.requests());
                                if (r.firstError() != null) System.out.println("  first error: " + r.firstError());
                                if (phase.measured())
                                    cells.add(new Cell(
                                            phase.name(),
                                            side.name(),
                                            path,
                                            r.latencies(),
                                            r.requests(),
                                            r.errors(),
                                            side.counting().statements(),
                                            r.wallSeconds(),
                                            r.firstError()));
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
        System.out.printf(
                Locale.ROOT,
                "%n%d runs x %d stages; pool of %d connections per side; times in ms, client-side%n%n",
                runs,
                LineageSeed.STAGES.size(),
                DbConfig.DEFAULT_MAX_POOL_SIZE);
        System.out.println("| clients | path | side | requests | errors | p50 | p99 | req/s | statements/request |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
        for (Cell c : cells) {
            Samples s = Samples.of(c.latencies());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | `%s` | %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n",
                    c.phase(),
                    c.path(),
                    c.side(),
                    c.requests(),
                    c.errors(),
                    s.p50(),
                    s.p99(),
                    c.requests() / c.wallSeconds(),
                    c.statements() / (double) c.requests());
        }
        System.out.println();
        for (String phase : cells.stream().map(Cell::phase).distinct().toList()) {
            for (String path : paths) {
                Cell old = cells.stream()
                        .filter(c -> c.phase().equals(phase)
                                && c.path().equals(path)
                                && c.side().equals("old"))
                        .findFirst()
                        .orElseThrow();
                Cell now = cells.stream()
                        .filter(c -> c.phase().equals(phase)
                                && c.path().equals(path)
                                && c.side().equals("new"))
                        .findFirst()
                        .orElseThrow();
                Samples o = Samples.of(old.latencies());
                Samples n = Samples.of(now.latencies());
                System.out.printf(
                        Locale.ROOT,
                        "%s, %s: old/new p50 %.1fx, p99 %.1fx, statements %.0fx%n",
                        phase,
                        path,
                        o.p50() / n.p50(),
                        o.p99() / n.p99(),
                        (old.statements() / (double) old.requests()) / (now.statements() / (double) now.requests()));
            }
        }
    }

    private static String tableSizes(HikariDataSource db) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT count(*) FROM pipeline_runs), (SELECT count(*) FROM stage_runs),
                       (SELECT count(*) FROM stage_outputs), (SELECT count(*) FROM artifacts), (SELECT count(*) FROM metrics)""");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.format(
                    Locale.ROOT,
                    "%d runs, %d stage runs, %d outputs, %d artifacts, %d metric points",
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5));
        }
    }

    /** The page statement's plan on the seeded data: the question is whether it needs an index the schema lacks. */
    private static void explain(HikariDataSource db) throws Exception {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement analyze = c.prepareStatement("ANALYZE")) {
                analyze.execute();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + PipelineRunRepository.PAGE_SQL)) {
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
