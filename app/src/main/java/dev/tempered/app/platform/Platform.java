package dev.tempered.app.platform;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.temporal.LostRunReconciler;
import dev.tempered.app.temporal.TemporalCapabilities;
import dev.tempered.app.temporal.TemporalConnection;
import dev.tempered.app.temporal.TemporalNamespace;
import dev.tempered.embedded.EmbeddedPostgresServer;
import dev.tempered.embedded.EmbeddedS3Server;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Database;
import dev.tempered.storage.DbConfig;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.S3Config;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services one process talks to, started (embedded) or connected (external or another
 * process's embedded platform), with the clients built once and shared.
 */
public final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final TemperedConfig config;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final boolean embeddedTemporal;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private HikariDataSource dataSource;
    private LineageStore lineage;
    private S3ArtifactStore store;
    private String temporalTarget;
    private S3Config s3Config;
    private DbConfig dbConfig;
    private boolean servesPlatformFile;
    private boolean ownsEmbeddedTemporal;
    private TemporalCapabilities capabilities;
    /** The platform file this process joined (another process's embedded platform), null otherwise. */
    private PlatformFile joined;

    private Platform(TemperedConfig config, boolean embeddedTemporal) {
        this.config = config;
        this.embeddedTemporal = embeddedTemporal;
    }

    /**
     * Starts whatever the configuration leaves embedded and connects to the rest; records the
     * endpoints in the platform file so other commands can join. Refuses to start twice on one data directory.
     */
    public static Platform start(TemperedConfig config) {
        PlatformFile.readLive(config.dataDir()).ifPresent(p -> {
            throw new IllegalStateException("a Tempered platform is already running on " + config.dataDir() + " (pid "
                    + p.pid() + ", dashboard " + p.webUrl() + "); submit to it with ./tempered run, or stop it first");
        });
        Platform p = new Platform(config, config.embeddedTemporal());
        try {
            Credentials credentials = Credentials.loadOrCreate(config.dataDir());
            if (config.embeddedPostgres()) {
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(
                        config.dataDir().resolve("postgres"), 0, credentials.postgresPassword());
                p.owned.push(pg);
                p.dbConfig = new DbConfig(pg.jdbcUrl(), pg.user(), pg.password());
            } else {
                p.dbConfig = new DbConfig(config.postgresUrl(), config.postgresUser(), config.postgresPassword());
            }
            if (config.embeddedS3()) {
                EmbeddedS3Server s3 = EmbeddedS3Server.start(
                        config.dataDir().resolve("objects"), 0, credentials.s3AccessKey(), credentials.s3SecretKey());
                p.owned.push(s3);
                p.s3Config = new S3Config(s3.endpoint(), s3.accessKey(), s3.secretKey(), config.s3Bucket());
            } else {
                p.s3Config = externalS3(config);
            }
            if (config.embeddedTemporal()) {
                EmbeddedTemporalServer temporal = EmbeddedTemporalServer.start(0);
                p.owned.push(temporal);
                p.temporalTarget = temporal.target();
                p.ownsEmbeddedTemporal = true;
            } else {
                p.temporalTarget = config.temporalTarget();
            }
            p.connectClients();
            if (p.ownsEmbeddedTemporal && config.embeddedPostgres()) {
                List<String> lost = LostRunReconciler.afterEmbeddedRestart(p.lineage);
                if (!lost.isEmpty())
                    log.info("{} run(s) the previous platform was running are now lost: {}", lost.size(), lost);
            }
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * For commands that only read lineage ({@code runs}, {@code show}): the running platform's
     * services when one is up (or all are external), otherwise the embedded PostgreSQL alone, which
     * answers in a fraction of the time the whole embedded platform takes to start. Then no
     * Temporal server runs for this data directory, so every run recorded as running is lost and
     * is recorded so before anything is read; {@link #client()} is null.
     */
    public static Platform readLineage(TemperedConfig config) {
        boolean allExternal = !config.embeddedTemporal() && !config.embeddedS3() && !config.embeddedPostgres();
        if (allExternal || PlatformFile.readLive(config.dataDir()).isPresent() || !config.embeddedPostgres()) {
            return connect(config, false);
        }
        Platform p = new Platform(config, config.embeddedTemporal());
        try {
            // Read only: a data directory no platform has used gets no database and no keys from a look.
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(
                    config.dataDir().resolve("postgres"),
                    0,
                    Credentials.loadExisting(config.dataDir()).postgresPassword());
            p.owned.push(pg);
            p.dbConfig = new DbConfig(pg.jdbcUrl(), pg.user(), pg.password());
            p.dataSource = Database.openCurrent(p.dbConfig);
            p.owned.push(p.dataSource);
            p.lineage = new LineageStore(p.dataSource);
            if (config.embeddedTemporal()) LostRunReconciler.afterEmbeddedRestart(p.lineage);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Connects to a running platform: external services from the configuration, or the embedded
     * ones of the platform recorded in the data directory. With {@code needTemporal} false and no
     * platform running, starts the embedded storage alone (for read-only commands).
     */
    public static Platform connect(TemperedConfig config, boolean needTemporal) {
        var live = PlatformFile.readLive(config.dataDir());
        boolean allExternal = !config.embeddedTemporal() && !config.embeddedS3() && !config.embeddedPostgres();
        if (allExternal || live.isEmpty()) {
            if (allExternal) {
                Platform p = new Platform(config, false);
                p.temporalTarget = config.temporalTarget();
                p.s3Config = externalS3(config);
                p.dbConfig = new DbConfig(config.postgresUrl(), config.postgresUser(), config.postgresPassword());
                p.connectClients();
                return p;
            }
            if (needTemporal) {
                throw new IllegalStateException("no Tempered platform is running on " + config.dataDir()
                        + "; start one with ./tempered up (or run everything at once with ./tempered demo)");
            }
            Platform p = start(config.withWebPort(0));
            // Storage-only use: the Temporal server it started is not needed, but harmless and short-lived.
            return p;
        }
        PlatformFile f = live.get();
        Platform p = new Platform(config, f.embeddedTemporal());
        p.joined = f;
        p.temporalTarget = f.temporalTarget();
        p.s3Config = new S3Config(URI.create(f.s3Endpoint()), f.s3AccessKey(), f.s3SecretKey(), f.s3Bucket());
        p.dbConfig = new DbConfig(f.postgresUrl(), f.postgresUser(), f.postgresPassword());
        p.connectClients();
        return p;
    }

    private static S3Config externalS3(TemperedConfig config) {
        return new S3Config(
                URI.create(config.s3Endpoint()), config.s3AccessKey(), config.s3SecretKey(), config.s3Bucket());
    }

    private void connectClients() {
        // Services this process started are up; any other is probed first, so that one that is down is
        // named in a line at once instead of after the clients' long waits.
        if (joined != null || !config.embeddedPostgres()) {
            ServiceProbe.ofJdbcUrl(dbConfig.jdbcUrl())
                    .ifPresent(at -> ServiceProbe.requireReachable(
                            "PostgreSQL (lineage)", at, settingOf("postgres.url (TEMPERED_POSTGRES_URL)")));
        }
        if (!ownsEmbeddedTemporal) {
            ServiceProbe.ofGrpcTarget(temporalTarget)
                    .ifPresent(at -> ServiceProbe.requireReachable(
                            "Temporal", at, settingOf("temporal.target (TEMPERED_TEMPORAL_TARGET)")));
        }
        dataSource = Database.open(dbConfig);
        owned.push(dataSource);
        lineage = new LineageStore(dataSource);
        store = S3ArtifactStore.connect(s3Config);
        stubs = WorkflowServiceStubs.newServiceStubs(
                TemporalConnection.options(config, temporalTarget, embeddedTemporal));
        owned.push(stubs::shutdown);
        if (!embeddedTemporal) TemporalNamespace.ensure(stubs, config.temporalNamespace());
        client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.temporalNamespace())
                        .build());
        log.debug(
                "connected: temporal {}, s3 {}, postgres {}", temporalTarget, s3Config.endpoint(), dbConfig.jdbcUrl());
    }

    /** Where an address comes from, for error lines: the configuration, or the platform file this process joined. */
    private String settingOf(String configKey) {
        if (joined != null)
            return "the platform file in " + config.dataDir() + " (pid " + joined.pid()
                    + "); stop it or start it again";
        return configKey + " in the configuration";
    }

    /** Records this process as the platform of its data directory. */
    public void publishPlatformFile(String webUrl) {
        new PlatformFile(
                        ProcessHandle.current().pid(),
                        temporalTarget,
                        s3Config.endpoint().toString(),
                        s3Config.accessKey(),
                        s3Config.secretKey(),
                        s3Config.bucket(),
                        dbConfig.jdbcUrl(),
                        dbConfig.user(),
                        dbConfig.password(),
                        webUrl,
                        embeddedTemporal)
                .write(config.dataDir());
        servesPlatformFile = true;
    }

    /** Null on a {@link #readLineage} platform, which has no Temporal. */
    public WorkflowClient client() {
        return client;
    }

    /**
     * Marks those of {@code runs} recorded as running that Temporal no longer runs as lost, and
     * returns their ids; callers read the runs again when it is not empty. Without a Temporal
     * client ({@link #readLineage}) that was done when the platform opened.
     */
    public Set<String> reconcileLostRuns(List<PipelineRunRecord> runs) {
        if (client == null) return Set.of();
        return LostRunReconciler.reconcile(runs, lineage, client, this::capabilities);
    }

    /**
     * Looks for lost runs every {@code every} in the background, so that the dashboard, which
     * reads lineage only, shows them as lost too. Stops with the platform.
     */
    public void watchForLostRuns(Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lost-run-watch");
            t.setDaemon(true);
            return t;
        });
        // Each look catches its own errors, so the future never completes exceptionally.
        var unused = timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        List<String> running = lineage.runningRunIds();
                        if (running.isEmpty()) return;
                        List<PipelineRunRecord> runs = running.stream()
                                .flatMap(id -> lineage.run(id).stream())
                                .toList();
                        Set<String> lost = reconcileLostRuns(runs);
                        if (!lost.isEmpty()) log.info("runs Temporal no longer runs, now recorded as lost: {}", lost);
                    } catch (RuntimeException e) {
                        log.debug("looking for lost runs failed: {}", e.getMessage());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        owned.push(timer::shutdownNow);
    }

    /**
     * False once the platform this process joined (another process's embedded one) has stopped:
     * its process died or it removed its platform file. A process that owns its services, or
     * uses external ones, cannot tell from here and answers true.
     */
    public boolean joinedPlatformAlive() {
        if (joined == null) return true;
        return PlatformFile.readLive(config.dataDir())
                .filter(f -> f.pid() == joined.pid() && f.temporalTarget().equals(joined.temporalTarget()))
                .isPresent();
    }

    /** What the Temporal service offers beyond workflows (Schedules, visibility queries); asked once. */
    public synchronized TemporalCapabilities capabilities() {
        if (capabilities == null) capabilities = TemporalCapabilities.probe(stubs, config.temporalNamespace());
        return capabilities;
    }

    public LineageStore lineage() {
        return lineage;
    }

    public S3ArtifactStore store() {
        return store;
    }

    public ArtifactPublisher publisher() {
        return new ArtifactPublisher(store, lineage);
    }

    public TemperedConfig config() {
        return config;
    }

    /**
     * Whether workers should keep sticky workflow caches. The embedded server keeps routing
     * workflow tasks to a dead worker's sticky queue, so workers in other processes must not be
     * sticky against it; workers inside the process that runs the embedded server die with it,
     * so they may (and avoid replaying the whole history on every workflow task).
     */
    public boolean stickyWorkflows() {
        if (config.stickyWorkflows() != null) return config.stickyWorkflows();
        return !embeddedTemporal || ownsEmbeddedTemporal;
    }

    public String temporalTarget() {
        return temporalTarget;
    }

    public S3Config s3Config() {
        return s3Config;
    }

    public DbConfig dbConfig() {
        return dbConfig;
    }

    /** Adds something to close with the platform (workers, the web server), closed before the services. */
    public void own(AutoCloseable resource) {
        owned.push(resource);
    }

    @Override
    public void close() {
        if (servesPlatformFile)
            PlatformFile.deleteIfOurs(config.dataDir(), ProcessHandle.current().pid());
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.getMessage());
            }
        }
    }
}
