package dev.tempered.web;

import dev.tempered.storage.LineageStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The playground: a page to complete prompts with a checkpoint ({@code /playground}, optionally
 * {@code ?model=DIGEST}) and the stream it reads ({@code POST /api/playground/generate} with the
 * form's fields, server-sent events {@code queued} {"ahead"} while others are before it in the
 * {@link GenerationQueue}, {@code piece} {"text"}, then {@code done} {"tokens", "stop"} or
 * {@code error} {"error"}). The page's script ({@code /static/playground.js}) writes text with
 * {@code textContent} only.
 *
 * <p>Generation spends minutes of CPU, so it is a POST from this dashboard's own pages only
 * ({@link SameOriginCheck}): a link or a form on another site cannot start one.
 *
 * <p>Without a {@link TextGenerator} (a dashboard started without model support) the page says so
 * and the stream answers 503.
 */
final class Playground {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Playground.class);
    static final String KIND = "checkpoint";
    private static final int CHECKPOINTS_LISTED = 30;

    private final LineageStore lineage;
    private final TextGenerator generator;
    private final GenerationQueue queue;

    Playground(LineageStore lineage, TextGenerator generator) {
        this(lineage, generator, new GenerationQueue(GenerationQueue.DEFAULT_MAX_WAITING));
    }

    Playground(LineageStore lineage, TextGenerator generator, GenerationQueue queue) {
        this.lineage = lineage;
        this.generator = generator;
        this.queue = queue;
    }

    void register(RoutesConfig routes) {
        routes.get("/playground", this::page);
        routes.post("/api/playground/generate", this::generate);
        routes.get("/api/playground/generate", ctx -> {
            throw new HttpResponseException(
                    405, "generation is a POST of the playground form (/playground), not a GET");
        });
    }

    private void page(Context ctx) {
        List<CheckpointChoice> choices = CheckpointChoice.of(
                lineage.recentArtifacts(KIND, CHECKPOINTS_LISTED),
                a -> true,
                CHECKPOINTS_LISTED,
                PathParams.digestField(ctx, "model", lineage),
                lineage);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("choices", choices);
        m.put("settings", PlaygroundSettings.defaults());
        m.put("available", generator != null);
        m.put("csrf", DashboardAuth.csrfToken(ctx));
        ctx.render("playground.jte", m);
    }

    private void generate(Context ctx) throws InterruptedException {
        SameOriginCheck.require(ctx);
        if (generator == null)
            throw new HttpResponseException(
                    503,
                    "this dashboard was started without a model server; "
                            + "the playground needs the full platform (./tempered up)");
        String model = CheckpointChoice.requireModel(ctx, "a checkpoint", lineage);
        String prompt = PlaygroundSettings.prompt(ctx);
        PlaygroundSettings settings = PlaygroundSettings.of(ctx);
        EventStream events = new EventStream(ctx);
        GenerationQueue.Place place = queue.enter();
        try {
            place.awaitTurn(ahead -> events.send("queued", Map.of("ahead", ahead)));
            if (!events.open()) return; // gave up while waiting
            TextGenerator.Completion c = generator.generate(
                    model, prompt, settings, piece -> events.send("piece", Map.of("text", piece)), events::open);
            events.send("done", Map.of("tokens", c.tokens(), "stop", c.stop()));
        } catch (GeneratorException e) {
            if (!events.started()) throw new HttpResponseException(e.status(), e.getMessage());
            events.send("error", Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            if (!events.started()) throw e;
            // The stream is under way: the client learns of the failure in it, the log gets the details.
            log.error("playground generation with {} failed", model, e);
            events.send("error", Map.of("error", "generation failed; the server log has the details"));
        } finally {
            place.leave();
        }
    }
}
