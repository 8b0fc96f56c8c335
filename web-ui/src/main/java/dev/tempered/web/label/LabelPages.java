package dev.tempered.web.label;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The labeler's pages: {@code /label/login} and {@code /label} (redirects to the login page without
 * a session). Both are static HTML; {@code /static/label.js} fills the page from the JSON API and
 * sets every model text with {@code textContent}, so a response holding markup shows as text. The
 * server's Content-Security-Policy ({@code script-src 'self'}) would block an injected inline script
 * as well.
 */
final class LabelPages {
    private final LabelAuth auth;
    private final String labeler = resource("/label/labeler.html");
    private final String login = resource("/label/login.html");

    LabelPages(LabelAuth auth) {
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.get("/label", this::labeler);
        routes.get("/label/login", ctx -> ctx.html(login));
    }

    private void labeler(Context ctx) {
        if (auth.session(ctx).isEmpty()) {
            ctx.redirect("/label/login");
            return;
        }
        ctx.header("Cache-Control", "no-store").html(labeler);
    }

    static String resource(String path) {
        try (InputStream in = LabelPages.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
