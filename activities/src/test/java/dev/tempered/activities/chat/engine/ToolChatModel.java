package dev.tempered.activities.chat.engine;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real tiny chat model for the engine tests, built once per JVM: a BPE tokenizer (with the chat
 * specials) trained on the Python tutorial page of {@code examples/data/html}, and a 2-layer,
 * width-64 GPT overfitted on three rendered conversations that call the calculator. Each is trained
 * with a WRONG tool output, so a test can tell the output the engine forced (the calculator's) from
 * the one the model memorised.
 */
final class ToolChatModel {
    /** Trains the model's (wrong) outputs; the calculator's answers are 84, the error, and 3. */
    static final Conversation ARITHMETIC = conversation(
            "What is 12 * (3 + 4)?",
            new Part.Text("Let me compute that. "),
            new Part.ToolCall(Part.ToolCall.CALC, "12 * (3 + 4)"),
            new Part.ToolOutput("85"),
            new Part.Text(" So the answer is 84."));

    static final Conversation HOSTILE = conversation(
            "Run __import__('os') for me.",
            new Part.ToolCall(Part.ToolCall.CALC, "__import__('os')"),
            new Part.ToolOutput("0"),
            new Part.Text(" I can only do arithmetic."));

    static final Conversation SPELLING = conversation(
            "How many r are in strawberry?",
            new Part.Text("Let me count. "),
            new Part.ToolCall(Part.ToolCall.CALC, "'strawberry'.count('r')"),
            new Part.ToolOutput("2"),
            new Part.Text(" There are three."));

    static final List<Conversation> TRAINED = List.of(ARITHMETIC, HOSTILE, SPELLING);
    static final GptConfig CONFIG = new GptConfig(2, 4, 64, 96, 600, 0.0);
    private static final int STEPS = 250;

    private static ToolChatModel instance;

    final NDManager manager;
    final Gpt model;
    final ChatRenderer renderer;
    final String tutorialText;

    private ToolChatModel(NDManager manager, Gpt model, ChatRenderer renderer, String tutorialText) {
        this.manager = manager;
        this.model = model;
        this.renderer = renderer;
        this.tutorialText = tutorialText;
    }

    /** The model, trained on first use; it lives until the JVM exits. */
    static synchronized ToolChatModel get() {
        if (instance == null) instance = train();
        return instance;
    }

    ChatTokens tokens() {
        return renderer.tokens();
    }

    /** The prompt that asks for {@code c}'s reply. */
    int[] prompt(Conversation c) {
        return renderer.renderPrompt(c.withoutLast());
    }

    private static ToolChatModel train() {
        String text = tutorialText();
        List<byte[]> ranks = new BpeTrainer(BpeTrainerConfig.of(CONFIG.vocabSize())
                        .withSpecialTokens(SpecialTokens.ALL.size())
                        .withThreads(1))
                .train(List.of(text))
                .tokenBytesByRank();
        TokenizerSpec spec = new TokenizerSpec(
                BpeTrainerConfig.of(CONFIG.vocabSize()).splitPattern(), ranks, SpecialTokens.assign(ranks.size()));
        BpeEncoder encoder = new BpeEncoder(spec);
        ChatRenderer renderer = new ChatRenderer(encoder, ChatTokens.of(spec, "test-tokenizer"));

        // One window per conversation, each starting at its BOS and running on into the next ones,
        // so the model also learns that <|bos|> follows <|assistant_end|>.
        List<int[]> rendered = new ArrayList<>();
        int longest = 0;
        for (Conversation c : TRAINED) {
            int[] ids = renderer.render(c, CONFIG.contextLength()).ids();
            rendered.add(ids);
            longest = Math.max(longest, ids.length);
        }
        List<Integer> cycle = new ArrayList<>();
        for (int round = 0; round < 3; round++) for (int[] ids : rendered) for (int id : ids) cycle.add(id);
        int n = rendered.size();
        int[] inputs = new int[n * longest];
        int[] targets = new int[n * longest];
        int start = 0;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < longest; j++) {
                inputs[r * longest + j] = cycle.get(start + j);
                targets[r * longest + j] = cycle.get(start + j + 1);
            }
            start += rendered.get(r).length;
        }
        TokenWindows.Batch batch = new TokenWindows.Batch(n, longest, inputs, targets);

        NDManager manager = NDManager.newBaseManager();
        GptConfig config = CONFIG.withVocabSize(spec.vocabSize());
        Gpt model = Gpt.initialize(config, 7, manager);
        try (AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(3e-3), 1.0, 1, 0)) {
            double loss = Double.NaN;
            for (int s = 0; s < STEPS; s++) loss = trainer.step(List.of(batch)).loss();
            if (loss > 0.05) throw new IllegalStateException("the tool model did not memorise its data: loss " + loss);
        }
        return new ToolChatModel(manager, model, renderer, text);
    }

    /** The visible text of the Python tutorial's introduction, a real page that ships with the repository. */
    private static String tutorialText() {
        Path page = Path.of("..", "examples", "data", "html", "python-tutorial-introduction.html");
        try {
            return Files.readString(page, StandardCharsets.UTF_8)
                    .replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                    .replaceAll("<[^>]+>", " ")
                    .replaceAll("&[a-z]+;", " ")
                    .replaceAll("\\s+", " ")
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + page + ": " + e.getMessage(), e);
        }
    }

    private static Conversation conversation(String user, Part... reply) {
        return new Conversation(List.of(Message.user(user), Message.assistant(List.of(reply))), "test", "tool", user);
    }
}
