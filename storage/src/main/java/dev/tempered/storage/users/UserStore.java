package dev.tempered.storage.users;

import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Accounts, server-side sessions and the audit log, in PostgreSQL.
 *
 * <pre>{@code
 * UserStore users = new UserStore(dataSource);
 * users.create("ana", Role.LABELER, "a long passphrase");
 * UserStore.Login login = users.login("ana", "a long passphrase", "127.0.0.1", Instant.now());
 * if (login instanceof UserStore.Login.Ok ok) cookie(ok.session().token());
 * }</pre>
 *
 * <p>Lockout: {@link #MAX_FAILED_LOGINS} wrong passwords in a row lock the account for
 * {@link #LOCKOUT}; while locked even the right password is refused, so guessing stays at a few
 * tries per quarter hour per account whatever the number of source addresses. Per-address rate
 * limiting is the web server's job.
 */
public final class UserStore {
    public static final int MAX_FAILED_LOGINS = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    public static final Duration SESSION_TTL = Duration.ofHours(12);
    public static final int MIN_PASSWORD_CHARS = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A logged-in session: the cookie's token (never stored) and the CSRF token of its forms. */
    public record Session(String token, String csrfToken, User user, Instant expiresAt) {}

    /** The outcome of a login. */
    public sealed interface Login {
        record Ok(Session session) implements Login {}

        /** Wrong name or password, or a disabled account: the caller says only "wrong name or password". */
        record Refused() implements Login {}

        record Locked(Instant until) implements Login {}
    }

    private final Sql sql;
    private final PasswordHasher hasher;

    public UserStore(DataSource db) {
        this(db, PasswordHasher.DEFAULT);
    }

    public UserStore(DataSource db, PasswordHasher hasher) {
        this.sql = new Sql(db);
        this.hasher = hasher;
    }

    /** Creates an account; an error names a taken name or a short password. */
    public User create(String name, Role role, String password) {
        if (password.length() < MIN_PASSWORD_CHARS) {
            throw new IllegalArgumentException(
                    "the password has " + password.length() + " characters; use at least " + MIN_PASSWORD_CHARS);
        }
        if (!name.matches("[a-z][a-z0-9._-]{1,63}")) {
            throw new IllegalArgumentException(
                    "user name '" + name
                            + "' is not allowed: 2-64 characters, lower-case letters, digits, '.', '_', '-', starting with a letter");
        }
        if (byName(name).isPresent()) throw new IllegalArgumentException("user '" + name + "' exists already");
        UUID id = UUID.randomUUID();
        sql.update(
                "INSERT INTO users (id, name, role, password_hash) VALUES (?, ?, ?, ?)",
                id,
                name,
                role.wireName(),
                hasher.hash(password));
        return byId(id).orElseThrow();
    }

    public Optional<User> byName(String name) {
        return sql.queryOne("SELECT * FROM users WHERE name = ?", UserStore::user, name);
    }

    public Optional<User> byId(UUID id) {
        return sql.queryOne("SELECT * FROM users WHERE id = ?", UserStore::user, id);
    }

    public List<User> list() {
        return sql.query("SELECT * FROM users ORDER BY name", UserStore::user);
    }

    /** Sets a new password, ends the account's sessions and clears a lockout; an error names an unknown user. */
    public void setPassword(String name, String password) {
        if (password.length() < MIN_PASSWORD_CHARS) {
            throw new IllegalArgumentException(
                    "the password has " + password.length() + " characters; use at least " + MIN_PASSWORD_CHARS);
        }
        String hash = hasher.hash(password);
        int n = sql.inTransaction(c -> {
            int changed = Sql.exec(
                    c,
                    "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
                    hash,
                    name);
            Sql.exec(c, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", name);
            return changed;
        });
        if (n == 0) throw new IllegalArgumentException("no user named '" + name + "'");
    }

    /** Disables an account and ends its sessions; an error names an unknown user. */
    public void disable(String name) {
        int n = sql.inTransaction(c -> {
            int changed = Sql.exec(c, "UPDATE users SET disabled = true WHERE name = ?", name);
            Sql.exec(c, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", name);
            return changed;
        });
        if (n == 0) throw new IllegalArgumentException("no user named '" + name + "'");
    }

    /**
     * Checks a password and opens a session. Every attempt is written to the audit log; the hash is
     * computed even for an unknown name so that timing does not tell which names exist.
     */
    public Login login(String name, String password, String remote, Instant now) {
        Optional<Credentials> found = sql.queryOne(
                "SELECT id, password_hash, disabled, failed_logins, locked_until FROM users WHERE name = ?",
                rs -> new Credentials(
                        rs.getObject("id", UUID.class),
                        rs.getString("password_hash"),
                        rs.getBoolean("disabled"),
                        rs.getInt("failed_logins"),
                        Sql.instant(rs, "locked_until")),
                name);
        if (found.isEmpty()) {
            PasswordHasher.verify(password, DUMMY_HASH);
            audit(null, name, "login.refused", Map.of("reason", "unknown user"), remote);
            return new Login.Refused();
        }
        Credentials c = found.get();
        if (c.lockedUntil() != null && c.lockedUntil().isAfter(now)) {
            audit(c.id(), name, "login.locked", Map.of("until", c.lockedUntil().toString()), remote);
            return new Login.Locked(c.lockedUntil());
        }
        boolean ok = PasswordHasher.verify(password, c.hash());
        if (!ok || c.disabled()) {
            if (!ok) {
                int failures = c.failedLogins() + 1;
                Instant lock = failures >= MAX_FAILED_LOGINS ? now.plus(LOCKOUT) : null;
                sql.update(
                        "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                        lock == null ? failures : 0,
                        lock,
                        c.id());
                audit(
                        c.id(),
                        name,
                        lock == null ? "login.refused" : "login.lockout",
                        Map.of("failures", failures),
                        remote);
                if (lock != null) return new Login.Locked(lock);
            } else {
                audit(c.id(), name, "login.refused", Map.of("reason", "disabled"), remote);
            }
            return new Login.Refused();
        }
        sql.update("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", c.id());
        String token = randomToken();
        String csrf = randomToken();
        Instant expires = now.plus(SESSION_TTL);
        sql.update(
                "INSERT INTO sessions (token_sha256, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                sha256(token),
                c.id(),
                csrf,
                expires);
        audit(c.id(), name, "login", Map.of(), remote);
        return new Login.Ok(new Session(token, csrf, byId(c.id()).orElseThrow(), expires));
    }

    /** The live session of a cookie's token: unexpired and of an enabled account. */
    public Optional<Session> session(String token, Instant now) {
        if (token == null || token.isEmpty()) return Optional.empty();
        return sql.queryOne(
                "SELECT s.csrf_token, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id"
                        + " WHERE s.token_sha256 = ? AND s.expires_at > ? AND NOT u.disabled",
                rs -> new Session(token, rs.getString("csrf_token"), user(rs), Sql.instant(rs, "expires_at")),
                sha256(token),
                now);
    }

    public void logout(String token) {
        sql.update("DELETE FROM sessions WHERE token_sha256 = ?", sha256(token));
    }

    /** Appends to the audit log; {@code userId} may be null (an unknown name, the CLI). */
    public void audit(UUID userId, String actor, String action, Map<String, Object> detail, String remote) {
        sql.update(
                "INSERT INTO audit_log (user_id, actor, action, detail, remote) VALUES (?, ?, ?, ?, ?)",
                userId,
                actor,
                action,
                new Sql.Jsonb(Json.write(detail)),
                remote);
    }

    /** One audit entry as read back. */
    public record AuditEntry(Instant at, String actor, String action, String detail, String remote) {}

    public List<AuditEntry> recentAudit(int limit) {
        return sql.query(
                "SELECT at, actor, action, detail::text AS detail, remote FROM audit_log ORDER BY id DESC LIMIT ?",
                rs -> new AuditEntry(
                        Sql.instant(rs, "at"),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("detail"),
                        rs.getString("remote")),
                limit);
    }

    /** A password of 20 URL-safe random characters (120 bits), for {@code users add} without one. */
    public static String generatePassword() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private record Credentials(UUID id, String hash, boolean disabled, int failedLogins, Instant lockedUntil) {}

    /** Verified against for unknown names so that they cost the same time as known ones. */
    private static final String DUMMY_HASH = PasswordHasher.DEFAULT.hash("not a real password");

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String sha256(String token) {
        return Digests.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                Role.parse(rs.getString("role")),
                rs.getBoolean("disabled"),
                Sql.instant(rs, "created_at"));
    }
}
