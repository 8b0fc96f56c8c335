package dev.tempered.app.serve;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.chat.Role;
import dev.tempered.activities.model.serve.ChatContextException;
import dev.tempered.activities.model.serve.ChatEvents;
import dev.tempered.activities.model.serve.ChatModel;
import dev.tempered.activities.model.serve.GenerationSettings;
import dev.tempered.activities.model.serve.ModelCache;
import dev.tempered.activities.model.serve.ModelLoadException;
import dev.tempered.activities.model.serve.ModelLoader;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.LineageStore;
import dev.tempered.web.ChatMessage;
import dev.tempered.web.ChatResponder;
import dev.tempered.web.GeneratorException;
import dev.tempered.web.PlaygroundSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The dashboard Chat page's {@link ChatResponder}, backed by the real model code: the same
 * {@link ModelLoader#loadChat} and {@link ChatModel} (hence the same engine) as
 * {@code tempered chat}, with the last few chat models kept loaded.
 *
 * <p>Unlike the CLI, which refuses a {@code --max-tokens} the context cannot hold, the page's
 * conversation grows turn by turn under a fixed setting, so the reply's budget is cut to what the
 * context leaves; only a conversation that fills the context is refused (the page offers a new chat).
 */
public final class ModelChatResponder implements ChatResponder, AutoCloseable {
    /** Chat models kept in memory; a session mostly talks to one or compares two. */
    static final int CACHED_MODELS = 2;

    private final ModelCache<ChatModel> models;

    public ModelChatResponder(ArtifactStore store, LineageStore lineage) {
        ModelLoader loader = new ModelLoader(store, lineage);
        this.models = new ModelCache<>(loader::loadChat, CACHED_MODELS);
    }

    @Override
    public Reply reply(
            String model, List<ChatMessage> messages, PlaygroundSettings s, Events events, BooleanSupplier keepGoing) {
        ChatModel m;
        try {
            m = models.get(model, null);
        } catch (ModelLoadException e) {
            throw switch (e.problem()) {
                case NOT_FOUND, MISSING_BYTES -> GeneratorException.notFound(e.getMessage(), e);
                default -> GeneratorException.badRequest(e.getMessage(), e);
            };
        }
        Conversation c = conversation(messages);
        int left = m.tokensLeft(c);
        if (left < 1) {
            ChatContextException full =
                    new ChatContextException(s.maxTokens(), left, m.contextLength() - left, m.contextLength());
            throw GeneratorException.badRequest(full.getMessage().replace(" (/reset)", " (New chat)"), full);
        }
        GenerationSettings settings = new GenerationSettings(
                Math.min(s.maxTokens(), left), s.temperature(), s.topK(), s.topP(), s.seed(), List.of());
        ChatModel.Reply r = m.reply(c, settings, adapt(events), keepGoing);
        return new Reply(chatMessage(r.message()), r.tokens(), r.stop());
    }

    static Conversation conversation(List<ChatMessage> messages) {
        List<Message> out = new ArrayList<>();
        for (ChatMessage cm : messages) {
            List<Part> parts = new ArrayList<>();
            for (ChatMessage.ChatPart p : cm.content()) {
                switch (p.type()) {
                    case ChatMessage.ChatPart.TOOL_CALL -> parts.add(new Part.ToolCall(Part.ToolCall.CALC, p.input()));
                    case ChatMessage.ChatPart.TOOL_OUTPUT -> parts.add(new Part.ToolOutput(p.output()));
                    default -> parts.add(new Part.Text(p.text()));
                }
            }
            // The page sends user messages as one text part; the dashboard checked the roles already.
            out.add(new Message(cm.role().equals(ChatMessage.USER) ? Role.USER : Role.ASSISTANT, parts));
        }
        return new Conversation(out, "dashboard", null, null);
    }

    static ChatMessage chatMessage(Message m) {
        List<ChatMessage.ChatPart> parts = new ArrayList<>();
        for (Part p : m.parts()) {
            if (p instanceof Part.Text t) parts.add(ChatMessage.ChatPart.text(t.text()));
            else if (p instanceof Part.ToolCall call) parts.add(ChatMessage.ChatPart.toolCall(call.input()));
            else if (p instanceof Part.ToolOutput o) parts.add(ChatMessage.ChatPart.toolOutput(o.output()));
        }
        return new ChatMessage(ChatMessage.ASSISTANT, parts);
    }

    private static ChatEvents adapt(Events events) {
        return new ChatEvents() {
            @Override
            public void text(String piece) {
                events.text(piece);
            }

            @Override
            public void toolCall(String input) {
                events.toolCall(input);
            }

            @Override
            public void toolOutput(String output) {
                events.toolOutput(output);
            }
        };
    }

    @Override
    public void close() {
        models.close();
    }
}
