package dev.tempered.web.label;

import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * Sessions, CSRF tokens and roles for the label routes. The session cookie is HttpOnly,
 * SameSite=Strict and Secure when the request came over TLS; the CSRF token (per session, from
 * the database) must come back in an {@code X-CSRF-Token} header or a {@code csrf} form field with
 * every state-changing request, compared in constant time.
 */
public final class LabelAuth {
    public static final String COOKIE = "tempered_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "tempered.session";

    private final UserStore users;

    public LabelAuth(UserStore users) {
        this.users = users;
    }

    /** The request's live session, looked up once per request. */
    public Optional<UserStore.Session> session(Context ctx) {
        UserStore.Session cached = ctx.attribute(SESSION_ATTRIBUTE);
        if (cached != null) return Optional.of(cached);
        Optional<UserStore.Session> s = users.session(ctx.cookie(COOKIE), Instant.now());
        s.ifPresent(x -> ctx.attribute(SESSION_ATTRIBUTE, x));
        return s;
    }

    void setCookie(Context ctx, UserStore.Session s) {
        boolean tls = "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        int maxAge =
                (int) Math.max(1, s.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
        ctx.cookie(new Cookie(COOKIE, s.token(), "/", maxAge, tls, true, null, SameSite.STRICT));
    }

    void clearCookie(Context ctx) {
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, false, true, null, SameSite.STRICT));
    }

    /** Whether the request carries the session's CSRF token. */
    public static boolean csrfMatches(Context ctx, UserStore.Session s) {
        String sent = ctx.header(CSRF_HEADER);
        String type = ctx.contentType();
        if (sent == null && type != null && type.startsWith("application/x-www-form-urlencoded")) {
            sent = ctx.formParam("csrf");
        }
        if (sent == null) return false;
        return MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), s.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    public static boolean stateChanging(Context ctx) {
        String m = ctx.method().name();
        return !(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"));
    }

    /** Whether the session's role includes {@code needed}. */
    public static boolean allows(UserStore.Session s, Role needed) {
        return s.user().role().atLeast(needed);
    }
}
