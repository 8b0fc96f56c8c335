package dev.tempered.storage;

/**
 * The lineage database.
 *
 * @param jdbcUrl     e.g. {@code jdbc:postgresql://127.0.0.1:5432/tempered}
 * @param user        database role
 * @param password    its password (never logged)
 * @param maxPoolSize connections per process; workers need few, the web UI a handful
 */
public record DbConfig(String jdbcUrl, String user, String password, int maxPoolSize) {
    public static final int DEFAULT_MAX_POOL_SIZE = 8;

    public DbConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("postgres.url must be a jdbc:postgresql: URL, got '" + jdbcUrl + "'");
        }
        if (maxPoolSize < 1)
            throw new IllegalArgumentException("postgres.max_pool_size must be ≥ 1, got " + maxPoolSize);
    }

    public DbConfig(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE);
    }

    @Override
    public String toString() {
        return "DbConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
