package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempered.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#openCurrent} migrates a database that lacks a shipped migration and leaves
 * Flyway out when every one is applied (a command that only reads lineage saves most of a second):
 * the shipped versions are read from the classpath, and a history missing one of them, or no
 * history at all, is not current.
 */
class OpenCurrentTest {
    @Test
    void aNewDatabaseIsMigratedAndThenCountsAsCurrentUntilAShippedVersionIsMissing() throws Exception {
        Set<String> shipped = ShippedMigrations.versions();
        assertTrue(shipped.containsAll(Set.of("1", "2", "3")), "versions from db/migration: " + shipped);
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.startTransient()) {
            DbConfig config = new DbConfig(pg.jdbcUrl(), pg.user(), pg.password());
            try (HikariDataSource ds = Database.openCurrent(config);
                    Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                assertTrue(ShippedMigrations.allApplied(c, shipped), "openCurrent migrated the new database");
                var rs = s.executeQuery("select count(*) from flyway_schema_history where success");
                rs.next();
                assertEquals(shipped.size(), rs.getInt(1));

                s.executeUpdate("update flyway_schema_history set success = false where version = '3'");
                assertFalse(ShippedMigrations.allApplied(c, shipped), "version 3 is no longer applied");
                s.executeUpdate("update flyway_schema_history set success = true where version = '3'");
                s.executeUpdate("alter table flyway_schema_history rename to old_history");
                assertFalse(ShippedMigrations.allApplied(c, shipped), "no history: nothing applied");
                s.executeUpdate("alter table old_history rename to flyway_schema_history");
                // Flyway's validation refuses a history whose checksum differs from the file: it tells whether it ran.
                s.executeUpdate("update flyway_schema_history set checksum = checksum + 1 where version = '1'");
            }
            assertThrows(RuntimeException.class, () -> Database.open(config).close(), "Flyway validates");
            try (HikariDataSource ds = Database.openCurrent(config)) {
                assertEquals(0, new LineageStore(ds).recentRuns(5).size(), "opened without Flyway, schema usable");
            }
        }
    }
}
