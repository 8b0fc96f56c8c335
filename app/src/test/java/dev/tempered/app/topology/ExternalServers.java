package dev.tempered.app.topology;

import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The production topology on one machine: the real Temporal server (SQLite file) and its Web UI,
 * the real MinIO server and Debian's PostgreSQL, each started from its {@code scripts/servers} script on
 * free ports under one directory, as a team would run them on separate hosts.
 */
final class ExternalServers implements AutoCloseable {
    static final String S3_ACCESS_KEY = "tempered-it";
    static final String S3_SECRET_KEY = "it-secret-" + Long.toHexString(System.nanoTime());
    static final String PG_PASSWORD = "it-pg-" + Long.toHexString(System.nanoTime());

    /** Ports handed out but perhaps not bound yet, so two servers never get overlapping ranges. */
    private static final java.util.Set<Integer> RESERVED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    final Path root;
    final int temporalPort;
    final int minioPort;
    final int postgresPort;
    final int uiPort;
    final ServerProcess postgres;
    final ServerProcess minio;
    final ServerProcess temporal;
    final ServerProcess temporalUi;

    private ExternalServers(Path root) throws IOException {
        this.root = root;
        Path scripts = Path.of("..", "scripts", "servers").toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>();
        env.put("TEMPERED_SERVERS_BUILD", buildDir().toString());
        // Temporal takes its port and the next 16 (history, matching, worker, membership).
        temporalPort = freeRange(17);
        minioPort = freeRange(2);
        postgresPort = freeRange(1);
        uiPort = freeRange(1);
        Map<String, String> pgEnv = new HashMap<>(env);
        pgEnv.put("PGPORT", Integer.toString(postgresPort));
        pgEnv.put("TEMPERED_PG_PASSWORD", PG_PASSWORD);
        Path pgData = root.resolve("postgres");
        // Debian's PostgreSQL runs as the postgres user when we are root: it must reach its data,
        // and JUnit's temporary directories are private. Let others traverse (not list) them.
        Files.createDirectories(pgData);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        for (Path p = pgData.toRealPath(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, perms);
        }
        postgres = new ServerProcess(
                "postgres",
                List.of(scripts.resolve("start-postgres.sh").toString(), pgData.toString()),
                pgEnv,
                root.resolve("postgres.log"),
                () -> listening(postgresPort));
        Map<String, String> minioEnv = new HashMap<>(env);
        minioEnv.put("MINIO_PORT", Integer.toString(minioPort));
        minioEnv.put("MINIO_ROOT_USER", S3_ACCESS_KEY);
        minioEnv.put("MINIO_ROOT_PASSWORD", S3_SECRET_KEY);
        minio = new ServerProcess(
                "minio",
                List.of(
                        scripts.resolve("start-minio.sh").toString(),
                        minioData().toString()),
                minioEnv,
                root.resolve("minio.log"),
                () -> httpOk("http://127.0.0.1:" + minioPort + "/minio/health/live"));
        Map<String, String> temporalEnv = new HashMap<>(env);
        temporalEnv.put("TEMPORAL_PORT", Integer.toString(temporalPort));
        temporal = new ServerProcess(
                "temporal",
                List.of(
                        scripts.resolve("start-temporal.sh").toString(),
                        root.resolve("temporal").toString()),
                temporalEnv,
                root.resolve("temporal.log"),
                () -> listening(temporalPort));
        Map<String, String> uiEnv = new HashMap<>(temporalEnv);
        uiEnv.put("TEMPORAL_UI_PORT", Integer.toString(uiPort));
        temporalUi = new ServerProcess(
                "temporal-ui",
                List.of(
                        scripts.resolve("start-temporal-ui.sh").toString(),
                        root.resolve("temporal-ui").toString()),
                uiEnv,
                root.resolve("temporal-ui.log"),
                () -> httpOk("http://127.0.0.1:" + uiPort + "/"));
    }

    static ExternalServers start(Path root) throws Exception {
        ExternalServers s = new ExternalServers(root);
        try {
            s.postgres.start();
            s.minio.start();
            s.temporal.start();
            s.temporalUi.start();
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    /** Where scripts/servers/build.sh put the binaries; .ci/run builds them before the suite. */
    static Path buildDir() {
        String dir = System.getProperty("tempered.servers.build", System.getenv("TEMPERED_SERVERS_BUILD"));
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException(
                    "set -Dtempered.servers.build to the directory scripts/servers/build.sh prints");
        }
        return Path.of(dir);
    }

    Path minioData() {
        return root.resolve("minio");
    }

    /** The TEMPERED_* settings of a platform that uses these servers. */
    Map<String, String> temperedEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("TEMPERED_TEMPORAL_TARGET", "127.0.0.1:" + temporalPort);
        env.put("TEMPERED_S3_ENDPOINT", "http://127.0.0.1:" + minioPort);
        env.put("TEMPERED_S3_ACCESS_KEY", S3_ACCESS_KEY);
        env.put("TEMPERED_S3_SECRET_KEY", S3_SECRET_KEY);
        env.put("TEMPERED_S3_BUCKET", "tempered-it");
        env.put("TEMPERED_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/tempered");
        env.put("TEMPERED_POSTGRES_USER", "tempered");
        env.put("TEMPERED_POSTGRES_PASSWORD", PG_PASSWORD);
        return env;
    }

    MinioClient s3() {
        return MinioClient.builder()
                .endpoint("http://127.0.0.1:" + minioPort)
                .credentials(S3_ACCESS_KEY, S3_SECRET_KEY)
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        List<ServerProcess> all = new ArrayList<>(List.of(temporalUi, temporal, minio, postgres));
        for (ServerProcess s : all) s.terminate();
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean httpOk(String url) {
        try {
            return HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url)).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A port p with p..p+count-1 all free now, above the usual ephemeral-heavy ranges' start. */
    private static int freeRange(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (base + count > 65535) continue;
            boolean free = true;
            for (int p = base; p < base + count && free; p++) free = !RESERVED.contains(p);
            for (int p = base; p < base + count && free; p++) free = !listening(p) && bindable(p);
            if (free) {
                for (int p = base; p < base + count; p++) RESERVED.add(p);
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
