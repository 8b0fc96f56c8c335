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
 * {@code ?model=DIGEST}) and the stream it reads ({@code /api/playground/generate}, server-sent
 * events {@code piece} {"text"}, then {@code done} {"tokens", "stop"} or {@code error} {"error"}).
 * The page's script ({@code /static/playground.js}) writes text with {@code textContent} only.
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

    Playground(LineageStore lineage, TextGenerator generator) {
        this.lineage = lineage;
        this.generator = generator;
    }

    void register(RoutesConfig routes) {
        routes.get("/playground", this::page);
        routes.get("/api/playground/generate", this::generate);
    }

    private void page(Context ctx) {
        List<CheckpointChoice> choices = CheckpointChoice.of(
                lineage.recentArtifacts(KIND, CHECKPOINTS_LISTED),
                a -> true,
                CHECKPOINTS_LISTED,
                ctx.queryParam("model"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("choices", choices);
        m.put("settings", PlaygroundSettings.defaults());
        m.put("available", generator != null);
        ctx.render("playground.jte", m);
    }

    private void generate(Context ctx) {
        if (generator == null)
            throw new HttpResponseException(
                    503,
                    "this dashboard was started without a model server; "
                            + "the playground needs the full platform (./tempered up)");
        String model = CheckpointChoice.requireModel(ctx, "a checkpoint");
        String prompt = PlaygroundSettings.prompt(ctx);
        PlaygroundSettings settings = PlaygroundSettings.of(ctx);
        EventStream events = new EventStream(ctx);
        try {
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
        }
    }
}
