package dev.tempered.web;

import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Chat page ({@code /chat}, optionally {@code ?model=DIGEST}) and the stream its script reads
 * ({@code POST /api/chat/reply?model=…&temperature=…}, the conversation as a JSON body). The
 * conversation lives in the page: every request carries all of it, so the server keeps no chat
 * state and a reload starts afresh. Server-sent events: {@code text} {"text"}, {@code tool_call}
 * {"input"}, {@code tool_output} {"output"}, then {@code done} {"message", "tokens", "stop"} or
 * {@code error} {"error"}. The page's script ({@code /static/chat.js}) writes all text with
 * {@code textContent} only.
 *
 * <p>Without {@code ?model=} the registry's production version is selected. Only chat checkpoints are listed (artifact metadata {@code kind: chat}); base models continue
 * text and belong in the playground.
 */
final class ChatPage {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChatPage.class);
    /** How many recent checkpoints are searched for chat ones; base checkpoints may be many more. */
    private static final int CHECKPOINTS_SEARCHED = 500;

    private static final int CHAT_MODELS_LISTED = 30;

    private final LineageStore lineage;
    private final ChatResponder responder;

    ChatPage(LineageStore lineage, ChatResponder responder) {
        this.lineage = lineage;
        this.responder = responder;
    }

    void register(RoutesConfig routes) {
        routes.get("/chat", this::page);
        routes.post("/api/chat/reply", this::reply);
    }

    /** Checkpoints whose artifact metadata says {@code kind: chat}, newest first. */
    static boolean isChatModel(ArtifactRecord a) {
        return Playground.KIND.equals(a.kind()) && "chat".equals(a.metadata().get("kind"));
    }

    private void page(Context ctx) {
        List<CheckpointChoice> choices = CheckpointChoice.of(
                lineage.recentArtifacts(Playground.KIND, CHECKPOINTS_SEARCHED),
                ChatPage::isChatModel,
                CHAT_MODELS_LISTED,
                selectedModel(ctx),
                lineage);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("choices", choices);
        m.put("settings", PlaygroundSettings.defaults());
        m.put("available", responder != null);
        m.put("csrf", DashboardAuth.csrfToken(ctx));
        ctx.render("chat.jte", m);
    }

    /**
     * The checkpoint the URL names, else the registry's {@code production} version of the chat
     * model: the page serves production unless the user picks another.
     */
    private String selectedModel(Context ctx) {
        String named = PathParams.digestField(ctx, "model", lineage);
        if (named != null) return named;
        return lineage.modelRegistry()
                .byAlias(Aliases.DEFAULT_MODEL, Aliases.PRODUCTION)
                .map(ModelVersion::checkpoint)
                .orElse(null);
    }

    private void reply(Context ctx) {
        SameOriginCheck.require(ctx);
        if (responder == null)
            throw new HttpResponseException(
                    503,
                    "this dashboard was started without a model server; "
                            + "chat needs the full platform (./tempered up)");
        String model = CheckpointChoice.requireModel(ctx, "a chat checkpoint", lineage);
        PlaygroundSettings settings = PlaygroundSettings.of(ctx);
        List<ChatMessage> messages = ChatRequest.messages(ctx);
        EventStream events = new EventStream(ctx);
        ChatResponder.Events sink = new ChatResponder.Events() {
            @Override
            public void text(String piece) {
                events.send("text", Map.of("text", piece));
            }

            @Override
            public void toolCall(String input) {
                events.send("tool_call", Map.of("input", input));
            }

            @Override
            public void toolOutput(String output) {
                events.send("tool_output", Map.of("output", output));
            }
        };
        try {
            ChatResponder.Reply r = responder.reply(model, messages, settings, sink, events::open);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("message", r.message());
            done.put("tokens", r.tokens());
            done.put("stop", r.stop());
            events.send("done", done);
        } catch (GeneratorException e) {
            if (!events.started()) throw new HttpResponseException(e.status(), e.getMessage());
            events.send("error", Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            if (!events.started()) throw e;
            log.error("chat reply with {} failed", model, e);
            events.send("error", Map.of("error", "generation failed; the server log has the details"));
        }
    }
}
