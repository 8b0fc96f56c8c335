package dev.tempered.activities.model.serve;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.activities.tokenizer.train.SplitPatterns;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Digests;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageRunStart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real chat checkpoint small enough to train in a test: a 2-layer GPT over a byte-level
 * tokenizer (256 bytes + the chat specials) trained with the project's {@link GptTrainer} until it
 * reproduces a few rendered conversations exactly, calculator calls included. Greedy decoding then
 * gives those replies, so tests can assert on the text, the tool call and its output.
 *
 * <p>Published like an {@code sft} stage's output: tokenizer and base checkpoint as inputs of an
 * {@code sft} stage run whose output is the chat checkpoint, with artifact metadata
 * {@code {"kind":"chat","tokenizer":…,"render_version":1}}. Not an SFT: the loss covers every
 * token, which only matters for what the model learns besides these replies.
 */
public final class TinyChatModels {
    /** The first question and the reply the model learns: a calculator call, its output, then text with a two-byte character. */
    public static final String ASK_PRODUCT = "What is 12 times 7?";

    public static final String PRODUCT_CALL = "12*7";
    public static final String PRODUCT_OUTPUT = "84";
    public static final String PRODUCT_TEXT = "12 × 7 is 84.";

    /** The follow-up, answered only after the first exchange: a second turn that depends on the history. */
    public static final String ASK_FOLLOW_UP = "And 6 times 5?";

    public static final String FOLLOW_UP_CALL = "6*5";
    public static final String FOLLOW_UP_OUTPUT = "30";
    public static final String FOLLOW_UP_TEXT = "6 × 5 is 30.";

    public static final String ASK_NAME = "Who are you?";
    public static final String NAME_TEXT = "I am Tempered, a small chat model.";

    /** The digests of one published model. */
    public record Published(String tokenizer, String base, String chat, String chatWithoutTokenizerField) {}

    private TinyChatModels() {}

    public static TokenizerSpec byteLevelTokenizer() {
        List<byte[]> bytes = new ArrayList<>();
        for (int b = 0; b < 256; b++) bytes.add(new byte[] {(byte) b});
        return new TokenizerSpec(SplitPatterns.GPT4, bytes, SpecialTokens.assign(256));
    }

    /** The conversations the model learns by heart. */
    public static List<Conversation> conversations() {
        Message product = Message.assistant(List.of(
                new Part.ToolCall(Part.ToolCall.CALC, PRODUCT_CALL),
                new Part.ToolOutput(PRODUCT_OUTPUT),
                new Part.Text(PRODUCT_TEXT)));
        Message followUp = Message.assistant(List.of(
                new Part.ToolCall(Part.ToolCall.CALC, FOLLOW_UP_CALL),
                new Part.ToolOutput(FOLLOW_UP_OUTPUT),
                new Part.Text(FOLLOW_UP_TEXT)));
        return List.of(
                new Conversation(List.of(Message.user(ASK_PRODUCT), product), "test", "arithmetic", "a"),
                new Conversation(
                        List.of(Message.user(ASK_PRODUCT), product, Message.user(ASK_FOLLOW_UP), followUp),
                        "test",
                        "arithmetic",
                        "b"),
                new Conversation(
                        List.of(Message.user(ASK_NAME), Message.assistant(NAME_TEXT)), "test", "identity", "c"));
    }

    /**
     * Trains the model and publishes tokenizer, base and chat checkpoints with the lineage an
     * {@code sft} run records. Takes a few seconds on two cores.
     */
    public static Published publish(ArtifactPublisher publisher) throws Exception {
        TokenizerSpec spec = byteLevelTokenizer();
        String tokenizer = TokenizerArtifacts.publish(publisher, spec, Files.createTempDirectory("tok"), Map.of())
                .digest();
        byte[] chat = train(spec);
        String nonce = UUID.randomUUID().toString();
        String base = publisher
                .publish(
                        (nonce + " stands in for the pretrained base model").getBytes(StandardCharsets.UTF_8),
                        "checkpoint",
                        "application/octet-stream",
                        Map.of("step", 0))
                .digest();
        String chatDigest = publisher
                .publish(
                        chat,
                        "checkpoint",
                        "application/octet-stream",
                        Map.of(
                                "step",
                                STEPS,
                                "kind",
                                "chat",
                                "tokenizer",
                                tokenizer,
                                "render_version",
                                ChatRenderer.VERSION))
                .digest();
        // The same weights published again without the tokenizer field: lineage alone must lead to it.
        byte[] copy = Arrays.copyOf(chat, chat.length + 1);
        String bare = publisher
                .publish(copy, "checkpoint", "application/octet-stream", Map.of("step", STEPS, "kind", "chat"))
                .digest();
        LineageStore lineage = publisher.lineage();
        String run = "tiny-chat-" + nonce.substring(0, 8);
        lineage.beginPipelineRun(run, "test", Map.of(), null);
        UUID sft = lineage.startStageRun(new StageRunStart(
                run,
                0,
                "sft",
                1,
                Digests.sha256Hex(run.getBytes(StandardCharsets.UTF_8)),
                Map.of(),
                List.of(new NamedDigest("model", base), new NamedDigest("tokenizer", tokenizer)),
                run + "/sft",
                null));
        lineage.completeStageRun(
                sft, List.of(new NamedDigest("checkpoint", chatDigest), new NamedDigest("checkpoint", bare)), Map.of());
        return new Published(tokenizer, base, chatDigest, bare);
    }

    static final int STEPS = 500;
    private static final long SEED = 11;

    /** The checkpoint bytes of a model that reproduces {@link #conversations()}. */
    static byte[] train(TokenizerSpec spec) throws Exception {
        ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, "byte-level"));
        List<int[]> rows = new ArrayList<>();
        int longest = 0;
        for (Conversation c : conversations()) {
            int[] ids = renderer.render(c, 1 << 16).ids();
            rows.add(ids);
            longest = Math.max(longest, ids.length);
        }
        // One window per conversation, starting at position 0 as at inference; the padding after a
        // conversation is BOS, which only teaches that a new document follows a finished reply.
        int length = longest;
        int bos = renderer.tokens().bos();
        int[] inputs = new int[rows.size() * length];
        int[] targets = new int[rows.size() * length];
        Arrays.fill(inputs, bos);
        Arrays.fill(targets, bos);
        for (int r = 0; r < rows.size(); r++) {
            int[] ids = rows.get(r);
            System.arraycopy(ids, 0, inputs, r * length, ids.length);
            System.arraycopy(ids, 1, targets, r * length, ids.length - 1);
        }
        TokenWindows.Batch batch = new TokenWindows.Batch(rows.size(), length, inputs, targets);
        GptConfig config = new GptConfig(2, 4, 64, 128, spec.vocabSize(), 0.0);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, SEED, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(3e-3), 1.0, SEED, 0)) {
            GptTrainer.StepResult last = null;
            for (int i = 0; i < STEPS; i++) last = trainer.step(List.of(batch));
            if (last.loss() > 0.02) {
                throw new IllegalStateException("the tiny chat model did not learn its conversations: loss "
                        + last.loss() + " after " + STEPS + " steps");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Checkpoint.of(trainer, new TokenWindows(rows, 8, SEED), SEED).write(out);
            return out.toByteArray();
        }
    }
}
