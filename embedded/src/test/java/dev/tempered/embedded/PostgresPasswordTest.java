package dev.tempered.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent embedded PostgreSQL asks for its password: zonky's initdb trusts every local
 * connection, so before this any user on the machine could read the lineage database.
 */
class PostgresPasswordTest {
    private static final String PASSWORD = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @Test
    void onlyThePasswordConnectsOnFirstAndLaterStarts(@TempDir Path dataDir) throws SQLException {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, 0, PASSWORD)) {
            assertEquals(PASSWORD, pg.password());
            assertEquals(1, selectOne(pg, PASSWORD));
            assertRefused(pg, "wrong-password");
            assertRefused(pg, "");
        }
        // The second start finds the cluster already switched to passwords and connects with it.
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir, 0, PASSWORD)) {
            assertEquals(1, selectOne(pg, PASSWORD));
            assertRefused(pg, "postgres");
        }
    }

    @Test
    void aPasswordThatIsNotRandomHexIsRefusedBeforeAnythingStarts(@TempDir Path dataDir) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> EmbeddedPostgresServer.start(dataDir, 0, "x' OR '1'='1"));
        assertTrue(e.getMessage().contains("hex"), e.getMessage());
    }

    private static int selectOne(EmbeddedPostgresServer pg, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), password);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void assertRefused(EmbeddedPostgresServer pg, String password) {
        SQLException e = assertThrows(SQLException.class, () -> selectOne(pg, password));
        // 28P01 invalid_password; an empty password is refused by the driver before it is sent (08004).
        assertTrue(
                "28P01".equals(e.getSQLState()) || "08004".equals(e.getSQLState()),
                e.getSQLState() + ": " + e.getMessage());
    }
}
