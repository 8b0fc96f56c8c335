package dev.tempered.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where Tempered's services are. Every value has a default that means "embedded": leave
 * {@code temporal.target}, {@code s3.endpoint} and {@code postgres.url} unset and the platform
 * starts its own on 127.0.0.1 under {@code data_dir}. Set them (in {@code tempered.yaml} or
 * {@code TEMPERED_*} variables, which win) to use external services. A key the file may not hold
 * ({@link ConfigKeys}) is an error, never ignored.
 *
 * @param dataDir           embedded services' state, credentials, logs and the platform file: an absolute path
 *                          ({@code .tempered} in the Tempered checkout unless configured, see {@link #load})
 * @param temporalTarget    host:port of a Temporal frontend, or null for the embedded test server
 * @param temporalNamespace Temporal namespace ({@code default})
 * @param temporalTls       connect to Temporal over TLS (Temporal Cloud, or a server with TLS on); implied by the next three
 * @param temporalTlsCert   PEM client certificate for mutual TLS (Temporal Cloud mTLS), or null
 * @param temporalTlsKey    its PKCS#8 PEM private key, or null
 * @param temporalApiKey    API key sent as a bearer token (Temporal Cloud API keys), or null
 * @param stickyWorkflows   keep workflows cached on the worker that ran them; the embedded
 *                          server cannot route around a killed worker's sticky queue, so it is off there
 * @param s3Endpoint        S3/MinIO URL, or null for the embedded s3proxy
 * @param s3AccessKey       S3 access key (external mode)
 * @param s3SecretKey       S3 secret key (external mode)
 * @param s3Bucket          bucket for all artifacts
 * @param postgresUrl       JDBC URL, or null for embedded PostgreSQL 17
 * @param postgresUser      database role (external mode)
 * @param postgresPassword  its password (external mode)
 * @param webHost           dashboard bind address; 127.0.0.1 keeps it off the network
 * @param webPort           dashboard port (8080); 0 picks a free one
 * @param webAllowedHosts   host names besides the loopback ones and {@code webHost} the dashboard
 *                          answers to (a proxy's name); comma-separated in the file and variable
 * @param webRequireLoginForReads whether every dashboard page and GET API needs a signed-in session
 *                          ({@code web.require_login_for_reads}, default false: reads stay open to
 *                          whoever reaches the address; state-changing routes need an admin either way)
 * @param temporalUiUrl     the Temporal Web UI's base URL, which run pages link their workflows to;
 *                          null for none (the embedded server has no Web UI)
 */
public record TemperedConfig(
        Path dataDir,
        String temporalTarget,
        String temporalNamespace,
        boolean temporalTls,
        String temporalTlsCert,
        String temporalTlsKey,
        String temporalApiKey,
        Boolean stickyWorkflows,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Bucket,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        String webHost,
        int webPort,
        List<String> webAllowedHosts,
        boolean webRequireLoginForReads,
        String temporalUiUrl) {
    public static final String DEFAULT_FILE = "tempered.yaml";

    /** The data directory's name in the Tempered checkout when none is configured. */
    public static final String DEFAULT_DATA_DIR = ".tempered";

    public boolean embeddedTemporal() {
        return temporalTarget == null;
    }

    public boolean embeddedS3() {
        return s3Endpoint == null;
    }

    public boolean embeddedPostgres() {
        return postgresUrl == null;
    }

    /** TLS is on when asked for, or when a client certificate or an API key is given (neither works in clear text). */
    public boolean temporalUsesTls() {
        return temporalTls || temporalTlsCert != null || temporalApiKey != null;
    }

    public boolean sticky() {
        return stickyWorkflows != null ? stickyWorkflows : !embeddedTemporal();
    }

    /**
     * Reads {@code file} when it exists, then applies {@code TEMPERED_*} variables from {@code env}.
     * A relative {@code data_dir} is taken relative to the file that says it, a relative {@code
     * TEMPERED_DATA_DIR} to the caller's directory ({@link CallerPaths}); unset, it is {@code
     * .tempered} in the Tempered checkout, so {@code tempered run} from any folder finds the platform
     * that {@code tempered up} started.
     */
    public static TemperedConfig load(Path file, Map<String, String> env) {
        JsonNode yaml = null;
        if (file != null && Files.exists(file)) {
            try {
                yaml = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
            }
        }
        ConfigKeys.check(yaml, file);
        Source s = new Source(yaml, env, file);
        String sticky = s.get("temporal", "sticky_workflows", "TEMPERED_TEMPORAL_STICKY", null);
        return new TemperedConfig(
                dataDir(s, file),
                s.get("temporal", "target", "TEMPERED_TEMPORAL_TARGET", null),
                s.get("temporal", "namespace", "TEMPERED_TEMPORAL_NAMESPACE", "default"),
                Boolean.parseBoolean(s.get("temporal", "tls", "TEMPERED_TEMPORAL_TLS", "false")),
                s.get("temporal", "tls_cert", "TEMPERED_TEMPORAL_TLS_CERT", null),
                s.get("temporal", "tls_key", "TEMPERED_TEMPORAL_TLS_KEY", null),
                s.get("temporal", "api_key", "TEMPERED_TEMPORAL_API_KEY", null),
                sticky == null ? null : Boolean.parseBoolean(sticky),
                s.get("s3", "endpoint", "TEMPERED_S3_ENDPOINT", null),
                s.get("s3", "access_key", "TEMPERED_S3_ACCESS_KEY", null),
                s.get("s3", "secret_key", "TEMPERED_S3_SECRET_KEY", null),
                s.get("s3", "bucket", "TEMPERED_S3_BUCKET", "tempered-artifacts"),
                s.get("postgres", "url", "TEMPERED_POSTGRES_URL", null),
                s.get("postgres", "user", "TEMPERED_POSTGRES_USER", "postgres"),
                s.get("postgres", "password", "TEMPERED_POSTGRES_PASSWORD", null),
                s.get("web", "host", "TEMPERED_WEB_HOST", "127.0.0.1"),
                s.getInt("web", "port", "TEMPERED_WEB_PORT", 8080),
                commaSeparated(s.get("web", "allowed_hosts", "TEMPERED_WEB_ALLOWED_HOSTS", "")),
                Boolean.parseBoolean(
                        s.get("web", "require_login_for_reads", "TEMPERED_WEB_REQUIRE_LOGIN_FOR_READS", "false")),
                s.get("temporal", "ui_url", "TEMPERED_TEMPORAL_UI_URL", null));
    }

    private static Path dataDir(Source s, Path file) {
        String fromEnv = s.env().get("TEMPERED_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) return CallerPaths.resolve(Path.of(fromEnv));
        String fromFile = s.get(null, "data_dir", "TEMPERED_DATA_DIR", null);
        if (fromFile != null) {
            Path base = file.toAbsolutePath().getParent();
            return base.resolve(fromFile).normalize();
        }
        return CallerPaths.home().resolve(DEFAULT_DATA_DIR);
    }

    public TemperedConfig withWebPort(int port) {
        return new TemperedConfig(
                dataDir,
                temporalTarget,
                temporalNamespace,
                temporalTls,
                temporalTlsCert,
                temporalTlsKey,
                temporalApiKey,
                stickyWorkflows,
                s3Endpoint,
                s3AccessKey,
                s3SecretKey,
                s3Bucket,
                postgresUrl,
                postgresUser,
                postgresPassword,
                webHost,
                port,
                webAllowedHosts,
                webRequireLoginForReads,
                temporalUiUrl);
    }

    public TemperedConfig withDataDir(Path dir) {
        return new TemperedConfig(
                dir,
                temporalTarget,
                temporalNamespace,
                temporalTls,
                temporalTlsCert,
                temporalTlsKey,
                temporalApiKey,
                stickyWorkflows,
                s3Endpoint,
                s3AccessKey,
                s3SecretKey,
                s3Bucket,
                postgresUrl,
                postgresUser,
                postgresPassword,
                webHost,
                webPort,
                webAllowedHosts,
                webRequireLoginForReads,
                temporalUiUrl);
    }

    @Override
    public String toString() {
        return "TemperedConfig[dataDir=" + dataDir + ", temporal="
                + (temporalTarget == null ? "embedded" : temporalTarget)
                + ", s3=" + (s3Endpoint == null ? "embedded" : s3Endpoint) + ", bucket=" + s3Bucket
                + ", postgres=" + (postgresUrl == null ? "embedded" : postgresUrl) + ", web=" + webHost + ":" + webPort
                + "]";
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private record Source(JsonNode yaml, Map<String, String> env, Path file) {
        String get(String section, String key, String envName, String fallback) {
            String fromEnv = env.get(envName);
            if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
            if (yaml != null) {
                JsonNode node =
                        section == null ? yaml.get(key) : yaml.path(section).get(key);
                if (node != null && !node.isNull()) {
                    if (!node.isValueNode()) {
                        throw new IllegalArgumentException(
                                file + ": " + (section == null ? "" : section + ".") + key + " must be a single value");
                    }
                    return node.asText();
                }
            }
            return fallback;
        }

        int getInt(String section, String key, String envName, int fallback) {
            String raw = get(section, key, envName, Integer.toString(fallback));
            try {
                int value = Integer.parseInt(raw.trim());
                if (value < 0 || value > 65535) throw new NumberFormatException();
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        section + "." + key + " (or " + envName + "): '" + raw + "' is not a port number (0-65535)");
            }
        }
    }
}
