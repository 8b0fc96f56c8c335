package dev.tempered.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests whose {@code Host} header names a host the dashboard does not serve, with 421.
 *
 * <p>Why: a page on {@code evil.example} can point its own DNS name at 127.0.0.1 after loading
 * (DNS rebinding); the browser then sends that page's requests to this loopback server with
 * {@code Host: evil.example}, and the same-origin policy lets the page read the answers — every
 * run, artifact and model. Checking the name the browser asked for closes that: the attacker's
 * page can only ever send its own name. The port is not compared (a rebinding attacker controls
 * it as well, and proxies rewrite it); the name is what matters.
 *
 * <p>Allowed: the loopback names ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), the bind
 * host when it is a name or a specific address, and the names configured in
 * {@code web.allowed_hosts} (what a proxy in front forwards). A wildcard bind (0.0.0.0, ::) adds no
 * name: say which names the server is reached by.
 */
final class HostHeaderCheck {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]");

    private final Set<String> allowed;

    HostHeaderCheck(String bindHost, List<String> extraHosts) {
        Set<String> names = new LinkedHashSet<>(LOOPBACK);
        String bind = bindHost.toLowerCase(Locale.ROOT);
        if (!WILDCARD.contains(bind)) names.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        for (String h : extraHosts) names.add(h.toLowerCase(Locale.ROOT));
        this.allowed = Set.copyOf(names);
    }

    /** A Javalin before-handler. */
    void check(Context ctx) {
        String header = ctx.header("Host");
        if (header == null || header.isBlank()) {
            throw new HttpResponseException(400, "the request has no Host header");
        }
        String name = hostName(header.trim().toLowerCase(Locale.ROOT));
        if (!allowed.contains(name)) {
            throw new HttpResponseException(
                    421,
                    "this dashboard does not serve the host '" + name + "'; it answers to "
                            + String.join(", ", sorted()) + " (add a name to web.allowed_hosts to serve it)");
        }
    }

    private List<String> sorted() {
        return allowed.stream().filter(h -> !h.equals("::1")).sorted().toList();
    }

    /** {@code name:port} → name; {@code [v6]:port} → [v6]. */
    static String hostName(String header) {
        if (header.startsWith("[")) {
            int close = header.indexOf(']');
            return close < 0 ? header : header.substring(0, close + 1);
        }
        int colon = header.indexOf(':');
        // More than one colon without brackets is not a valid Host header; keep it whole so it is refused.
        if (colon >= 0 && header.indexOf(':', colon + 1) < 0) return header.substring(0, colon);
        return header;
    }
}
