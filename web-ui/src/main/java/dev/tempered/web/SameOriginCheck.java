package dev.tempered.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * Cross-site request forgery guard for the routes that spend work (the playground's generation):
 * a page on another site may make the browser POST here, but the browser then says so in
 * {@code Sec-Fetch-Site} (anything but {@code same-origin}) and in {@code Origin} (not this
 * server's origin). Such requests get 403. A request with neither header comes from no browser
 * (browsers send {@code Origin} with every POST, and fetch metadata since 2020) and is let
 * through, so scripts and curl keep working; {@link HostHeaderCheck} has already made sure the
 * {@code Host} it is compared with names this server.
 */
final class SameOriginCheck {
    private SameOriginCheck() {}

    static void require(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw refused("Sec-Fetch-Site: " + site);
        }
        String origin = ctx.header("Origin");
        // Under this server's Referrer-Policy: no-referrer, Chromium sends "Origin: null" with a
        // plain form POST from its own page; Sec-Fetch-Site then says where it came from.
        boolean ownForm = "null".equals(origin) && "same-origin".equals(site);
        if (origin != null && !ownForm && !sameHost(origin, ctx.header("Host"))) {
            throw refused("Origin: " + PathParams.shorten(origin));
        }
    }

    /** Either scheme: behind a TLS-terminating proxy the page is https while this server sees http. */
    static boolean sameHost(String origin, String host) {
        if (host == null) return false;
        String o = origin.toLowerCase(java.util.Locale.ROOT);
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    private static HttpResponseException refused(String why) {
        return new HttpResponseException(
                403, "refused a request from another site (" + why + "); generate from this dashboard's own page");
    }
}
