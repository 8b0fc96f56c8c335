package dev.tempered.web;

import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import dev.tempered.web.label.LabelAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Who may do what on the dashboard outside {@code /label} (which guards itself): every
 * state-changing request (POST, PUT, PATCH, DELETE) needs a signed-in admin session and that
 * session's CSRF token (header {@code X-CSRF-Token} or form field {@code csrf}); anonymous is 401,
 * another role 403 naming it, a missing or wrong token 403. Reads stay open unless
 * {@link WebConfig#requireLoginForReads()}, in which case a page without a session redirects to
 * the label login page with {@code next=} set to where it was going, and a JSON API call is 401.
 *
 * <p>Sessions are the labeling accounts' ({@link LabelAuth}, {@code ./tempered users add NAME --role admin}):
 * the dashboard has no accounts of its own. Static assets are always served, so the login page works.
 */
final class DashboardAuth {
    static final String LOGIN_PAGE = "/label/login";
    private static final String CSRF_ATTRIBUTE = "tempered.csrf";

    private final LabelAuth auth;
    private final boolean requireLoginForReads;

    DashboardAuth(LabelAuth auth, boolean requireLoginForReads) {
        this.auth = auth;
        this.requireLoginForReads = requireLoginForReads;
    }

    /** The signed-in user of a request, as the pages and the registry's decisions see them. */
    WebUsers users() {
        return ctx -> auth.session(ctx)
                .map(s -> new WebUser(s.user().name(), s.user().role().wireName()));
    }

    /**
     * The session's CSRF token for a page's forms and scripts ({@link #guard} has looked it up), or
     * empty when nobody is signed in.
     */
    static String csrfToken(Context ctx) {
        String token = ctx.attribute(CSRF_ATTRIBUTE);
        return token == null ? "" : token;
    }

    /** A before-handler: refuses (by exception) or redirects what the request's session does not allow. */
    void guard(Context ctx) {
        String path = ctx.path();
        if (exempt(path)) return;
        Optional<UserStore.Session> session = auth.session(ctx);
        session.ifPresent(s -> ctx.attribute(CSRF_ATTRIBUTE, s.csrfToken()));
        if (LabelAuth.stateChanging(ctx)) {
            UserStore.Session s = session.orElseThrow(() -> new HttpResponseException(
                    401,
                    "sign in as an admin first (" + LOGIN_PAGE + "?next=/); " + ctx.method() + " " + path
                            + " changes state"));
            if (!LabelAuth.allows(s, Role.ADMIN)) {
                throw new HttpResponseException(
                        403,
                        "account '" + s.user().name() + "' has role "
                                + s.user().role().wireName() + "; " + ctx.method() + " " + path + " needs an admin");
            }
            if (!LabelAuth.csrfMatches(ctx, s)) {
                throw new HttpResponseException(
                        403,
                        "missing or wrong CSRF token: send the session's token in the " + LabelAuth.CSRF_HEADER
                                + " header or the csrf form field");
            }
            return;
        }
        if (requireLoginForReads && session.isEmpty()) {
            if (path.startsWith("/api/")) {
                throw new HttpResponseException(401, "this dashboard requires signing in: POST /label/api/login");
            }
            String query = ctx.queryString();
            String next = path + (query == null ? "" : "?" + query);
            ctx.redirect(LOGIN_PAGE + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            ctx.skipRemainingHandlers();
        }
    }

    /** The label routes guard themselves; assets carry no data and the login page needs them. */
    private static boolean exempt(String path) {
        return path.equals("/label")
                || path.startsWith("/label/")
                || path.startsWith("/static/")
                || path.startsWith("/webjars/");
    }
}
