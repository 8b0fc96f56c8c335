package dev.tempered.web;

import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.LineageStore;
import dev.tempered.workflows.registry.PromotionApprovals;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow dashboard and its JSON API over the lineage store and the artifact store.
 *
 * <pre>{@code
 * try (DashboardServer web = DashboardServer.start(WebConfig.defaults(), lineage, artifacts)) {
 *     System.out.println("dashboard at " + web.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>Sign-in is the labeling accounts' ({@code /label/login?next=/}): every state-changing route
 * outside {@code /label} (playground generation, chat replies, promotion decisions, rollback) needs
 * a signed-in admin and the session's CSRF token ({@link DashboardAuth}); pages render the token for
 * their forms and scripts. Reads stay open unless {@link WebConfig#requireLoginForReads()}, and the
 * server binds 127.0.0.1 by default.
 *
 * <p>Requests must name this server in their {@code Host} header ({@link HostHeaderCheck}), so a
 * DNS-rebinding page cannot read it from a browser on this machine.
 *
 * <p>Every response carries a strict Content-Security-Policy (scripts and styles only from this
 * origin, no inline code), so even an escaping mistake would not run injected script. Errors
 * never show a stack trace: 400/404 name the bad value, anything else is logged and shown as 500.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Javalin app;
    private final String host;
    private final dev.tempered.web.label.LabelApi labels;
    private final SchedulesPage schedules;

    private DashboardServer(Javalin app, String host, dev.tempered.web.label.LabelApi labels, SchedulesPage schedules) {
        this.app = app;
        this.host = host;
        this.labels = labels;
        this.schedules = schedules;
    }

    public static DashboardServer start(WebConfig config, LineageStore lineage, ArtifactStore artifacts) {
        return start(config, lineage, artifacts, null);
    }

    /** With a {@link TextGenerator} the playground completes prompts; without one it says the model server is missing. */
    public static DashboardServer start(
            WebConfig config, LineageStore lineage, ArtifactStore artifacts, TextGenerator generator) {
        return start(config, lineage, artifacts, generator, StageCatalogView.NONE);
    }

    /** With the platform's stage catalog, {@code /stages} lists the stages a pipeline may use. */
    public static DashboardServer start(
            WebConfig config,
            LineageStore lineage,
            ArtifactStore artifacts,
            TextGenerator generator,
            StageCatalogView stages) {
        return start(config, lineage, artifacts, generator, stages, null);
    }

    /** With a {@link ChatResponder} the Chat page answers; without one it says the model server is missing. */
    public static DashboardServer start(
            WebConfig config,
            LineageStore lineage,
            ArtifactStore artifacts,
            TextGenerator generator,
            StageCatalogView stages,
            ChatResponder chat) {
        return start(config, lineage, artifacts, generator, stages, chat, null);
    }

    /**
     * With {@link PromotionApprovals} the Models page takes decisions from signed-in admins (the
     * label sessions: {@link DashboardAuth#users()}).
     */
    public static DashboardServer start(
            WebConfig config,
            LineageStore lineage,
            ArtifactStore artifacts,
            TextGenerator generator,
            StageCatalogView stages,
            ChatResponder chat,
            PromotionApprovals approvals) {
        JteRenderer renderer = new JteRenderer();
        ExclusionSamples exclusions = new ExclusionSamples(lineage, artifacts);
        ReportCards reportCards = new ReportCards(lineage, artifacts);
        DashboardPages pages = new DashboardPages(lineage, artifacts, exclusions, reportCards, config.temporal());
        ChatPage chatPage = new ChatPage(lineage, chat);
        DashboardApi api = new DashboardApi(lineage, exclusions);
        Playground playground = new Playground(lineage, generator);
        StagesPage stagesPage = new StagesPage(stages);
        ProbePage probePage = new ProbePage(lineage, artifacts);
        dev.tempered.web.label.LabelApi labelApi =
                new dev.tempered.web.label.LabelApi(lineage.dataSource(), dev.tempered.web.label.LabelNotifier.NONE);
        DashboardAuth auth = new DashboardAuth(labelApi.auth(), config.requireLoginForReads());
        ModelsPage modelsPage = new ModelsPage(lineage, approvals, auth.users());
        ComparePage comparePage = new ComparePage(lineage);
        SchedulesPage schedulesPage = new SchedulesPage(lineage);
        Javalin app = Javalin.create(c -> {
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.startup.showJavalinBanner = false;
            // Artifacts are mostly compressed already and downloads must keep their exact Content-Length.
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.fileRenderer(renderer);
            c.staticFiles.enableWebjars();
            c.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/static";
                s.location = Location.CLASSPATH;
            });
            HostHeaderCheck hosts = new HostHeaderCheck(config.host(), config.allowedHosts());
            c.routes.before(DashboardServer::securityHeaders);
            c.routes.before(hosts::check);
            c.routes.before(auth::guard);
            pages.register(c.routes);
            api.register(c.routes);
            playground.register(c.routes);
            chatPage.register(c.routes);
            reportCards.register(c.routes);
            stagesPage.register(c.routes);
            probePage.register(c.routes);
            labelApi.register(c.routes);
            modelsPage.register(c.routes);
            comparePage.register(c.routes);
            schedulesPage.register(c.routes);
            c.routes.exception(
                    HttpResponseException.class, (e, ctx) -> error(ctx, renderer, e.getStatus(), e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(
                        ctx,
                        renderer,
                        500,
                        "internal error while serving " + ctx.path() + "; the server log has the details");
            });
        });
        app.start();
        return new DashboardServer(app, config.host(), labelApi, schedulesPage);
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    /** JSON under /api, an HTML page elsewhere; nothing if the response is already on its way (a broken download). */
    private static void error(Context ctx, JteRenderer renderer, int status, String message) {
        if (ctx.res().isCommitted()) {
            log.warn("{} {} failed after the response started: {}", ctx.method(), ctx.path(), message);
            return;
        }
        ctx.status(status);
        ctx.res().setHeader("Content-Disposition", null);
        ctx.res().setHeader("Content-Length", null);
        if (ctx.path().startsWith("/api/")) {
            DashboardApi.json(ctx, Map.of("error", message));
        } else {
            ctx.html(renderer.render("error.jte", Map.of("status", status, "message", message)));
        }
    }

    /** The port bound, which is the OS's pick when the config asked for 0. */
    public int port() {
        return app.port();
    }

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** Lets admins pause and resume retraining schedules from the Schedules page (the app passes its schedules). */
    public void pauseSchedulesWith(SchedulePauser pauser) {
        schedules.pauseWith(pauser);
    }

    /** Announces stored labels to their label workflows from now on (the app passes a Temporal signaller). */
    public void notifyLabelsWith(dev.tempered.web.label.LabelNotifier notifier) {
        labels.notifyWith(notifier);
    }

    @Override
    public void close() {
        app.stop();
        labels.close();
    }
}
