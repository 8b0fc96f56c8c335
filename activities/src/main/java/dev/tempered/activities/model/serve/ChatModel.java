package dev.tempered.activities.model.serve;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationLimits;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.model.Gpt;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A chat checkpoint in memory with its tokenizer's template, answering conversations through the
 * shared {@link ChatEngine} (a batch of one, calculator on). Loaded by {@link ModelLoader#loadChat}.
 *
 * <pre>{@code
 * try (ChatModel m = loader.loadChat(digest, null)) {
 *     ChatModel.Reply r = m.reply(conversationEndingWithUser, GenerationSettings.defaults(), events, () -> true);
 * }
 * }</pre>
 *
 * <p>One reply at a time per model: calls are serialised, and {@link #close} waits for a running
 * one. Not here: keeping the conversation ({@link ChatSession}), sliding past the context.
 */
public final class ChatModel implements AutoCloseable {
    /**
     * One finished reply.
     *
     * @param message the assistant message to append to the conversation (parts parsed from the tokens)
     * @param parsed the parse itself: whether it ended with {@code <|assistant_end|>} and what was malformed
     * @param tokens tokens in the reply, forced tool outputs and the end token included
     * @param stop {@code assistant_end}, {@code bos}, {@code max_tokens}, {@code context_full} or {@code cancelled}
     * @param toolCalls calculator calls the reply made
     */
    public record Reply(Message message, ChatRenderer.AssistantReply parsed, int tokens, String stop, int toolCalls) {}

    private final String checkpoint;
    private final String tokenizer;
    private final long step;
    private final NDManager manager;
    private final Gpt gpt;
    private final ChatRenderer renderer;
    private final ChatEngine engine;
    private boolean closed;

    ChatModel(String checkpoint, String tokenizer, long step, NDManager manager, Gpt gpt, ChatRenderer renderer) {
        this.checkpoint = checkpoint;
        this.tokenizer = tokenizer;
        this.step = step;
        this.manager = manager;
        this.gpt = gpt;
        this.renderer = renderer;
        this.engine = new ChatEngine(gpt, renderer);
    }

    public String checkpoint() {
        return checkpoint;
    }

    /** The tokenizer artifact in use: named by the checkpoint, found through lineage, or given by the caller. */
    public String tokenizer() {
        return tokenizer;
    }

    public long step() {
        return step;
    }

    /** The longest sequence the model sees: the conversation and the reply together. */
    public int contextLength() {
        return gpt.config().contextLength();
    }

    public ChatRenderer renderer() {
        return renderer;
    }

    /** Tokens the context leaves for a reply to {@code c} (which ends with the user's message); 0 or less when full. */
    public int tokensLeft(Conversation c) {
        return contextLength() - renderer.renderPrompt(c).length;
    }

    /**
     * The assistant's reply to {@code c} (which ends with the user's message), streaming text and
     * tool calls to {@code events}. {@code keepGoing} is asked after every token; false ends the
     * reply early with stop {@code cancelled}.
     *
     * @throws ChatContextException when {@code settings.maxTokens()} is more than the context leaves
     */
    public synchronized Reply reply(
            Conversation c, GenerationSettings settings, ChatEvents events, BooleanSupplier keepGoing) {
        if (closed)
            throw new IllegalStateException("model " + checkpoint + " was unloaded (evicted from the cache); retry");
        if (!settings.stop().isEmpty()) {
            throw new IllegalArgumentException(
                    "a chat reply ends where the model ends it (<|assistant_end|>); stop strings are not supported");
        }
        int[] prompt = renderer.renderPrompt(c);
        int left = contextLength() - prompt.length;
        if (settings.maxTokens() > left) {
            throw new ChatContextException(settings.maxTokens(), left, prompt.length, contextLength());
        }
        EngineSettings engineSettings = new EngineSettings(
                settings.maxTokens(),
                settings.temperature(),
                settings.topK(),
                settings.topP(),
                true,
                ConversationLimits.DEFAULTS.maxToolCalls());
        ReplyStream stream = new ReplyStream(renderer, events);
        Generation g = engine.generate(
                        List.of(new GenerationRequest(prompt, settings.seed())),
                        engineSettings,
                        (row, token, forced) -> {
                            stream.add(token);
                            return keepGoing.getAsBoolean();
                        })
                .get(0);
        stream.finish();
        ChatRenderer.AssistantReply parsed = renderer.parseReply(g.tokens());
        // An empty reply still takes its turn, so the roles keep alternating.
        List<Part> parts = parsed.parts().isEmpty() ? List.of(new Part.Text("")) : parsed.parts();
        return new Reply(
                Message.assistant(parts),
                parsed,
                g.tokens().length,
                g.stop().name().toLowerCase(Locale.ROOT),
                g.toolCalls());
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        gpt.close();
        manager.close();
    }
}
