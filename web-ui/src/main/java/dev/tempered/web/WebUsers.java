package dev.tempered.web;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who a request acts for. The dashboard has no sign-in of its own yet: until one is wired in
 * (the labeling issue's users and sessions), {@link #localOperator} answers for a dashboard that
 * listens on a loopback address only, where whoever reaches it already holds the machine, as the
 * CLI's user does; a dashboard listening beyond loopback has no user, so nothing that needs one
 * (a promotion decision) can be done there.
 */
@FunctionalInterface
public interface WebUsers {
    /** The signed-in user, or empty when the request has none. */
    Optional<WebUser> current(Context ctx);

    /** Nobody: every request is anonymous. */
    WebUsers NONE = ctx -> Optional.empty();

    /** The machine's operator, as an admin, when {@code host} is a loopback address; {@link #NONE} otherwise. */
    static WebUsers localOperator(String host) {
        boolean loopback =
                host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
        if (!loopback) return NONE;
        WebUser operator = new WebUser(System.getProperty("user.name", "operator"), "admin");
        return ctx -> Optional.of(operator);
    }
}
