package dev.tempered.app.cli;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.model.serve.ChatModel;
import dev.tempered.activities.model.serve.ChatSession;
import dev.tempered.activities.model.serve.GenerationSettings;
import dev.tempered.activities.model.serve.ModelLoader;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Ends the demo with one exchange with the chat model its last {@code sft} stage trained: the
 * first held-out arithmetic question (one it never trained on) answered greedily through the same
 * {@link ChatSession} and terminal view as {@code tempered chat}, calculator calls shown as
 * {@code [calc] …} lines.
 */
final class ChatExchangePrinter {
    /** Enough for the synthetic tasks' replies (under 100 tokens with the demo tokenizer). */
    private static final int MAX_TOKENS = 96;

    private ChatExchangePrinter() {}

    static void print(LineageStore lineage, ArtifactStore store, String runId, PrintStream out) {
        Optional<PipelineRunRecord> run = lineage.run(runId);
        if (run.isEmpty()) return;
        String model = null;
        String heldout = null;
        for (StageRunRecord stage : run.get().stages()) {
            if ("sft".equals(stage.stage())) model = output(stage.outputs(), "checkpoint");
            if ("synthesize".equals(stage.stage())) heldout = output(stage.outputs(), "heldout");
        }
        if (model == null || heldout == null) return;
        try {
            String question = firstArithmeticQuestion(store, heldout);
            if (question == null) return;
            try (ChatModel m = new ModelLoader(store, lineage).loadChat(model, null)) {
                out.println("a chat with the SFT model " + model.substring(0, 12) + " (a held-out question, greedy):");
                out.println("  you: " + question);
                out.print("  assistant: ");
                TerminalChat view = new TerminalChat(out, out, false, "    ");
                new ChatSession(m)
                        .send(question, new GenerationSettings(MAX_TOKENS, 0, 0, 1, 0, List.of()), view, () -> true);
                view.finish();
                out.println("  (more: tempered chat --model " + model + ")");
            }
        } catch (RuntimeException | java.io.IOException e) {
            out.println("the chat exchange could not run: " + e.getMessage());
        }
    }

    private static String output(List<ArtifactRef> outputs, String name) {
        for (ArtifactRef o : outputs) if (name.equals(o.name())) return o.digest();
        return null;
    }

    private static String firstArithmeticQuestion(ArtifactStore store, String heldout) throws java.io.IOException {
        try (InputStream in = store.open(heldout)) {
            for (Conversation c : ConversationFile.readAll(in, heldout, ConversationValidator.defaults())) {
                if (ArithmeticTask.NAME.equals(c.task()))
                    return c.withoutLast().last().text();
            }
        }
        return null;
    }
}
