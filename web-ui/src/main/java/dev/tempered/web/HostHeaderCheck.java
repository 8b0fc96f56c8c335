package dev.tempered.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests whose {@code Host} header does not name this server, against DNS rebinding: a
 * page on {@code evil.example} whose name is re-pointed at 127.0.0.1 reaches the dashboard from
 * the victim's browser as same-origin, and could read every run and artifact; its requests still
 * carry {@code Host: evil.example}, which is how they are told apart.
 *
 * <p>Allowed names: the configured bind host, {@code localhost}, {@code 127.0.0.1} and
 * {@code [::1]}, with no port or the port bound. Bound to a wildcard address ({@code 0.0.0.0},
 * {@code ::}) the operator has chosen exposure behind a proxy, which then owns the host names;
 * no name is checked there. Refusals answer 421 Misdirected Request.
 */
final class HostHeaderCheck {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]");

    private final String bindHost;
    private final boolean any;

    HostHeaderCheck(String bindHost) {
        String h = bindHost.toLowerCase(Locale.ROOT);
        this.any = WILDCARD.contains(h);
        this.bindHost = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    void check(Context ctx, int port) {
        if (any) return;
        String host = ctx.header("Host");
        if (!allows(host, port)) {
            throw new HttpResponseException(
                    421,
                    "this dashboard answers only to " + bindHost + ", localhost, 127.0.0.1 or [::1]" + " (port " + port
                            + "), not to Host '" + host + "'");
        }
    }

    /** True when bound to a wildcard address, where no name is checked. */
    boolean allowsAny() {
        return any;
    }

    /** True for an allowed name with no port or with {@code port}. */
    boolean allows(String header, int port) {
        if (header == null || header.isBlank()) return false;
        String h = header.trim().toLowerCase(Locale.ROOT);
        String name = h;
        int colon = h.lastIndexOf(':');
        // A colon after the closing bracket of an IPv6 literal, or the only colon of a name, starts the port.
        if (colon > h.lastIndexOf(']') && (h.startsWith("[") || h.indexOf(':') == colon)) {
            name = h.substring(0, colon);
            if (!h.substring(colon + 1).equals(Integer.toString(port))) return false;
        }
        return name.equals(bindHost) || LOOPBACK.contains(name);
    }
}
