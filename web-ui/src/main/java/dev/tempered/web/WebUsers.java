package dev.tempered.web;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who a request acts for. The dashboard's answer is the signed-in label session's user
 * ({@link DashboardAuth#users()}); there is no implicit operator, so a decision is always made by a
 * named account that signed in.
 */
@FunctionalInterface
public interface WebUsers {
    /** The signed-in user, or empty when the request has none. */
    Optional<WebUser> current(Context ctx);

    /** Nobody: every request is anonymous. */
    WebUsers NONE = ctx -> Optional.empty();
}
