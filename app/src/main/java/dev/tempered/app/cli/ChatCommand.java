package dev.tempered.app.cli;

import dev.tempered.activities.model.serve.ChatContextException;
import dev.tempered.activities.model.serve.ChatModel;
import dev.tempered.activities.model.serve.ChatSession;
import dev.tempered.activities.model.serve.GenerationSettings;
import dev.tempered.activities.model.serve.ModelLoader;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.DigestPrefixes;
import dev.tempered.storage.registry.Aliases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chats with a chat checkpoint (made by an {@code sft} stage) in the terminal: replies stream as
 * they are generated, calculator calls show as {@code [calc] 12*7 → 84} lines, {@code /reset}
 * starts over and {@code /quit} (or end of input) leaves. With {@code --message} it answers one
 * message and exits, the reply's text on stdout and its tool calls on stderr, for scripts. Works
 * with or without a running platform, like {@code sample}.
 */
@Command(
        name = "chat",
        description = "Chat with a chat checkpoint from an sft stage: interactive, or one --message for scripts.")
public final class ChatCommand implements Callable<Integer> {
    static final String RESET = "/reset";
    static final String QUIT = "/quit";

    @Mixin
    GlobalOptions global;

    @Mixin
    SamplingOptions sampling;

    @Option(
            names = "--model",
            paramLabel = "DIGEST",
            description = "A chat checkpoint artifact (a unique prefix is enough).")
    String model;

    @Option(
            names = "--alias",
            paramLabel = "ALIAS",
            description = "Instead of --model: the registry's production or candidate version of the chat model.")
    String alias;

    @Option(
            names = "--tokenizer",
            paramLabel = "DIGEST",
            description = "Tokenizer artifact (default: the one the checkpoint names or lineage leads to).")
    String tokenizer;

    @Option(
            names = "--message",
            paramLabel = "TEXT",
            description = "Answer this one message and exit (text on stdout, tool calls on stderr).")
    String message;

    @Override
    public Integer call() throws IOException {
        // Checked before any service starts, so a typo costs no start-up time.
        GenerationSettings settings = sampling.settings(List.of());
        if ((model == null) == (alias == null))
            throw new IllegalArgumentException("give either --model DIGEST or --alias production|candidate");
        if (alias != null) Aliases.require(alias);
        else DigestPrefixes.check(model, "--model");
        if (tokenizer != null) DigestPrefixes.check(tokenizer, "--tokenizer");
        if (message != null && message.isBlank())
            throw new IllegalArgumentException("--message is empty; give the text to answer");
        // stdout may be a pipe with the platform's default charset; the model writes UTF-8 text.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        try (Platform platform = Platform.connect(global.config(), false);
                ChatModel m = new ModelLoader(platform.store(), platform.lineage())
                        .loadChat(
                                alias != null
                                        ? ModelsCommand.resolve(
                                                        platform.lineage().modelRegistry(),
                                                        Aliases.DEFAULT_MODEL,
                                                        alias)
                                                .checkpoint()
                                        : platform.lineage().resolveDigest(model),
                                tokenizer == null ? null : platform.lineage().resolveDigest(tokenizer))) {
            ChatSession session = new ChatSession(m);
            if (message != null) {
                TerminalChat view = new TerminalChat(out, err, false);
                ChatModel.Reply r;
                try {
                    r = session.send(message, settings, view, () -> true);
                } catch (ChatContextException e) {
                    throw oneMessageTooLong(e, m.contextLength());
                }
                view.finish();
                err.println(summary(r, m));
                return 0;
            }
            return interactive(session, settings, out, err);
        }
    }

    private static int interactive(ChatSession session, GenerationSettings settings, PrintStream out, PrintStream err)
            throws IOException {
        boolean terminal = System.console() != null;
        ChatModel m = session.model();
        out.printf(
                "chatting with %s (step %d, context %d tokens); %s starts over, %s or end of input leaves%n",
                m.checkpoint().substring(0, 12), m.step(), m.contextLength(), RESET, QUIT);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            out.print("you> ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return 0;
            }
            String text = line.strip();
            if (text.equals(QUIT)) return 0;
            if (text.equals(RESET)) {
                session.reset();
                out.println("(new conversation)");
                continue;
            }
            if (text.isEmpty()) continue;
            out.print("assistant> ");
            out.flush();
            TerminalChat view = new TerminalChat(out, out, terminal);
            try {
                ChatModel.Reply r = session.send(text, settings, view, () -> true);
                view.finish();
                if (!r.parsed().wellFormed() || !r.stop().equals("assistant_end")) err.println(summary(r, m));
            } catch (ChatContextException e) {
                view.finish();
                out.println();
                err.println("tempered: " + e.getMessage());
            }
        }
    }

    /**
     * The context error for {@code --message}, where there is no conversation to reset: the message
     * itself (with the chat template) is what fills the context, or leaves too little for the reply.
     */
    static IllegalArgumentException oneMessageTooLong(ChatContextException e, int context) {
        int promptTokens = context - e.left();
        if (e.left() <= 0) {
            return new IllegalArgumentException("--message takes " + promptTokens + " tokens with the chat template"
                    + " and fills the model's context of " + context + " tokens; shorten it");
        }
        return new IllegalArgumentException("--max-tokens " + e.maxTokens() + " is more than the " + e.left()
                + " tokens the model's context of " + context + " leaves after the " + promptTokens
                + "-token message; ask for at most " + e.left() + " or shorten the message");
    }

    /** One line about how the reply ended, e.g. {@code (23 tokens, 1 tool call, stopped by assistant end; …)}. */
    static String summary(ChatModel.Reply r, ChatModel m) {
        return String.format(
                "(%d tokens, %d tool call%s, stopped by %s%s; checkpoint step %d, tokenizer %s)",
                r.tokens(),
                r.toolCalls(),
                r.toolCalls() == 1 ? "" : "s",
                r.stop().replace('_', ' '),
                r.parsed().wellFormed()
                        ? ""
                        : "; not well formed: " + r.parsed().problem(),
                m.step(),
                m.tokenizer().substring(0, 12));
    }
}
