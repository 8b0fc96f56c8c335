package dev.tempered.storage.lineage;

import dev.tempered.storage.StorageException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Parameterised JDBC over the pooled lineage database, shared by the repositories of this package.
 *
 * <p>Every public-facing method borrows exactly one connection and gives it back before it
 * returns; work that needs several statements takes a {@link Connection} through
 * {@link #inTransaction} or {@link #withConnection} and runs them all on it. Nothing here ever
 * asks the pool for a second connection while one is held, so N callers need at most N
 * connections and a pool of 8 cannot deadlock under load (it did when row mappers opened their
 * own connections for child rows).
 */
final class Jdbc {
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A {@code uuid[]} parameter, for {@code = ANY(?)}: pgjdbc cannot infer the element type of a Java array. */
    record UuidArray(UUID[] ids) {}

    /** A {@code text[]} parameter, for {@code = ANY(?)}. */
    record TextArray(String[] values) {}

    private final DataSource db;

    Jdbc(DataSource db) {
        this.db = db;
    }

    <T> T withConnection(Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    int update(String sql, Object... args) {
        return withConnection(c -> exec(c, sql, args));
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(c -> query(c, sql, mapper, args));
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        return query(sql, mapper, args).stream().findFirst();
    }

    static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) rows.add(mapper.map(rs));
                return rows;
            }
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        return query(c, sql, mapper, args).stream().findFirst();
    }

    private static void bind(Connection c, PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof UuidArray a) {
                Array array = c.createArrayOf("uuid", a.ids());
                ps.setArray(i + 1, array);
            } else if (args[i] instanceof TextArray t) {
                ps.setArray(i + 1, c.createArrayOf("text", t.values()));
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static StorageException failure(SQLException e) {
        return new StorageException("lineage database error: " + e.getMessage(), e);
    }
}
