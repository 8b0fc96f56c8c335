package dev.tempered.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the pooled lineage database and brings its schema up to date with Flyway. */
public final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private Database() {}

    /** Every process that touches lineage calls this once; Flyway serialises concurrent migrations. */
    public static HikariDataSource open(DbConfig config) {
        HikariDataSource dataSource = pool(config);
        migrate(dataSource);
        return dataSource;
    }

    /**
     * Like {@link #open}, for commands that read lineage with no platform up: when the schema
     * already has every migration this build ships, Flyway (most of a second to load and validate)
     * is not run at all; otherwise it migrates as {@link #open} does.
     */
    public static HikariDataSource openCurrent(DbConfig config) {
        HikariDataSource dataSource = pool(config);
        boolean current;
        try (Connection c = dataSource.getConnection()) {
            current = ShippedMigrations.allApplied(c, ShippedMigrations.versions());
        } catch (SQLException e) {
            dataSource.close();
            throw new StorageException(
                    "cannot read the lineage database at " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
        if (!current) migrate(dataSource);
        return dataSource;
    }

    private static HikariDataSource pool(DbConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(1);
        hikari.setPoolName("tempered-lineage");
        // Fail fast with the URL named instead of hanging when the database is down.
        hikari.setInitializationFailTimeout(15_000);
        hikari.setConnectionTimeout(15_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageException(
                    "cannot connect to the lineage database at " + config.jdbcUrl() + " as " + config.user() + ": "
                            + e.getMessage(),
                    e);
        }
        return dataSource;
    }

    private static void migrate(HikariDataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "lineage schema migrated to version {} ({} migrations)",
                    result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }
}
