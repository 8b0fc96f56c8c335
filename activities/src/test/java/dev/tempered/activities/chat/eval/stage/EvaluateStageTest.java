package dev.tempered.activities.chat.eval.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.chat.eval.EvalText;
import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.FinalAnswer;
import dev.tempered.activities.chat.tasks.IdentityTask;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.model.stage.TestTokenManifests;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} as a Temporal activity on real storage: held-out items of the real arithmetic
 * and identity tasks, a BPE trained on their text and on real English pages, and two checkpoints of
 * the same tiny GPT. A freshly initialised one cannot do arithmetic and scores 0; one trained in this
 * test (the project's {@link GptTrainer}, full-batch on exactly these conversations until it has
 * learned them) scores far above it. The card names its inputs, and the loss on held-out English is
 * that of an untrained model for the fresh checkpoint. Bad inputs fail at once, naming the artifact.
 */
class EvaluateStageTest {
    static final int CONTEXT = 128;
    static final int ARITHMETIC_ITEMS = 6;
    static final int IDENTITY_ITEMS = 2;
    static final int TRAIN_STEPS = 250;

    @TempDir
    static Path work;

    static ArtifactPublisher publisher;
    static TokenizerSpec spec;
    static String tokenizer;
    static ChatRenderer renderer;
    static List<Conversation> items;
    static String heldout;
    static String manifest;
    static String freshModel;
    static String trainedModel;
    static double trainedLoss;

    @BeforeAll
    static void publishTokenizerHeldOutTextAndTwoCheckpoints() throws Exception {
        publisher = new ArtifactPublisher(
                StorageFixture.get().newArtifactStore("evaluate-stage"),
                StorageFixture.get().lineage());
        items = new ArrayList<>();
        ArithmeticTask arithmetic = new ArithmeticTask();
        IdentityTask identity = new IdentityTask();
        for (int i = 0; i < ARITHMETIC_ITEMS; i++) items.add(arithmetic.item(11, i));
        for (int i = 0; i < IDENTITY_ITEMS; i++) items.add(identity.item(11, i));

        List<String> english = new ArrayList<>();
        for (String page : List.of("python-tutorial-introduction.html", "postgresql-sql-abort.html"))
            english.add(EvalText.page(page));
        List<String> texts = new ArrayList<>(english);
        for (Conversation c : items) texts.add(textOf(c));
        spec = EvalText.tokenizer(texts, 600);
        tokenizer = TokenizerArtifacts.publish(publisher, spec, Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
        renderer = new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, tokenizer));

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        // Reversed, so that the stage's id order is not the file's order.
        List<Conversation> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        ConversationFile.write(reversed, file);
        heldout = publisher
                .publish(file.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
        manifest = tokenManifest(english);

        GptConfig config = new GptConfig(2, 4, 64, CONTEXT, spec.vocabSize(), 0.0);
        freshModel = publishCheckpoint(train(config, 0), Map.of());
        trainedModel = publishCheckpoint(
                train(config, TRAIN_STEPS),
                Map.of("kind", "chat", "tokenizer", tokenizer, "render_version", ChatRenderer.VERSION));
    }

    @Test
    void aFreshModelCannotDoArithmeticAndScoresZero() throws Exception {
        StageResult result = evaluate(freshModel, tokenizer, heldout, manifest, Map.of());
        ReportCard card = ReportCard.read(publisher.store().readAllBytes(result.primary()), "card");
        assertEquals(
                ReportCard.KIND,
                publisher.lineage().artifact(result.primary()).orElseThrow().kind());
        assertEquals(freshModel, card.model());
        assertEquals("base", card.modelKind());
        assertEquals(tokenizer, card.tokenizer());
        assertEquals(heldout, card.heldout());
        assertEquals(manifest, card.tokens());
        assertEquals(new ReportCard.Sampling(0.0, 0, 1.0, 96, 1), card.sampling());

        ReportCard.TaskScore arithmetic = task(card, "arithmetic");
        assertEquals(ARITHMETIC_ITEMS, arithmetic.items(), "every held-out arithmetic item was asked");
        assertTrue(arithmetic.checkable());
        assertTrue(arithmetic.accuracy() <= 0.1, "a fresh model solved arithmetic: " + arithmetic);
        assertNotNull(arithmetic.accuracyWithoutTool(), "arithmetic calls the tool, so it is also asked without");
        assertTrue(arithmetic.meanReplyTokens() > 0, "replies were generated: " + arithmetic);
        // The bar a constant answer would clear: the commonest right answer's share of the items.
        Map<String, Long> answers = items.stream()
                .filter(c -> c.task().equals("arithmetic"))
                .map(c -> FinalAnswer.of(c.last().text()).orElseThrow())
                .collect(Collectors.groupingBy(a -> a, Collectors.counting()));
        assertEquals(
                Collections.max(answers.values()) / (double) ARITHMETIC_ITEMS,
                arithmetic.commonestAnswerRate(),
                1e-4,
                answers.toString());
        assertNull(task(card, "identity").commonestAnswerRate(), "identity has no right answer");
        // Replies with and without the tool for arithmetic, with it for identity: every one generated.
        assertEquals(
                (long) 2 * ARITHMETIC_ITEMS + IDENTITY_ITEMS,
                ((Number) result.summary().get("replies")).longValue());
        assertEquals(ARITHMETIC_ITEMS + IDENTITY_ITEMS, card.overall().items());

        // An untrained GPT predicts close to uniformly: its loss is near ln V.
        double lnV = Math.log(spec.vocabSize());
        assertNotNull(card.valLoss());
        assertTrue(Math.abs(card.valLoss() - lnV) < 0.5, "val loss " + card.valLoss() + " vs ln V " + lnV);
        assertTrue(card.bitsPerByte() > 1, "bits per byte " + card.bitsPerByte());
        System.out.println("fresh model: " + result.summary());
    }

    @Test
    void aModelTrainedOnTheItemsScoresFarAboveAndItsCardShowsTheToolCalls() throws Exception {
        StageResult result = evaluate(trainedModel, tokenizer, heldout, null, Map.of("examples", 2));
        ReportCard card = ReportCard.read(publisher.store().readAllBytes(result.primary()), "card");
        System.out.println("trained model (final training loss " + trainedLoss + "): " + result.summary());
        assertEquals("chat", card.modelKind());
        // Evaluating a chat checkpoint registers it as a version of the chat model (once, however often it is scored).
        var version =
                publisher
                        .lineage()
                        .modelRegistry()
                        .versions(dev.tempered.storage.registry.Aliases.DEFAULT_MODEL)
                        .stream()
                        .filter(v -> v.checkpoint().equals(trainedModel))
                        .toList();
        assertEquals(1, version.size(), "registered once");
        assertEquals(tokenizer, version.get(0).tokenizer());
        assertEquals(
                trainedModel,
                ReportCard.read(publisher.store().readAllBytes(version.get(0).reportCard()), "registered card")
                        .model());
        assertEquals(TRAIN_STEPS, card.step());
        assertNull(card.tokens());
        assertNull(card.valLoss(), "no token manifest, no validation loss");

        ReportCard.TaskScore arithmetic = task(card, "arithmetic");
        assertTrue(arithmetic.accuracy() >= 0.8, "trained model on arithmetic: " + arithmetic);
        assertTrue(arithmetic.formatCompliance() >= 0.8, arithmetic.toString());
        assertTrue(arithmetic.toolCallRate() >= 0.8, arithmetic.toString());
        // The model learned to state the number the calculator returned; with the tool disabled its
        // output is an error text, so the run without the tool really runs without it.
        assertTrue(arithmetic.accuracyWithoutTool() <= 0.5, arithmetic.toString());
        ReportCard.TaskScore identity = task(card, "identity");
        assertEquals(IDENTITY_ITEMS, identity.items());
        assertEquals(false, identity.checkable());
        assertNull(identity.accuracy());
        assertNull(identity.accuracyWithoutTool());

        // The examples are the first items by id, with the call the model made and the tool's answer.
        List<Conversation> arithmeticById = items.stream()
                .filter(c -> c.task().equals("arithmetic"))
                .sorted(java.util.Comparator.comparing(Conversation::id))
                .toList();
        List<ReportCard.Example> shown = card.examples().stream()
                .filter(e -> e.task().equals("arithmetic"))
                .toList();
        assertEquals(2, shown.size());
        assertEquals(
                arithmeticById.get(0).messages().get(0).text(), shown.get(0).prompt());
        String idealCall = arithmeticById.get(0).last().parts().stream()
                .filter(p -> p instanceof Part.ToolCall)
                .map(p -> ((Part.ToolCall) p).input())
                .findFirst()
                .orElseThrow();
        if (Boolean.TRUE.equals(shown.get(0).correct())) {
            assertEquals(
                    idealCall,
                    shown.get(0).toolCalls().get(0).input(),
                    shown.get(0).toString());
            assertNotNull(shown.get(0).toolCalls().get(0).output());
        }

        // pass@k: three samples at temperature 1 each; an item counts when any is right.
        StageResult sampled =
                evaluate(trainedModel, tokenizer, heldout, null, Map.of("samples", 3, "temperature", 1.0));
        ReportCard.TaskScore k3 =
                task(ReportCard.read(publisher.store().readAllBytes(sampled.primary()), "card"), "arithmetic");
        assertNotNull(k3.passAtK());
        assertTrue(k3.passAtK() >= 0.8 && k3.passAtK() >= k3.accuracy(), k3.toString());
        System.out.println("trained model, 3 samples at temperature 1: " + k3);
        assertEquals(
                (long) 3 * (2 * ARITHMETIC_ITEMS + IDENTITY_ITEMS),
                ((Number) sampled.summary().get("replies")).longValue());
    }

    @Test
    void badInputsAreRefusedWithoutRetryNamingTheArtifact() throws Exception {
        // Held-out conversations with no valid line: every line ends with the user's turn.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            for (Conversation c : items) {
                Conversation noReply = c.withoutLast();
                gz.write((dev.tempered.activities.chat.ConversationJson.write(noReply) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        String noReplies = publisher
                .publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
        String message = refusal(() -> evaluate(freshModel, tokenizer, noReplies, null, Map.of()));
        assertTrue(
                message.contains(noReplies)
                        && message.contains("no valid conversation")
                        && message.contains("no_assistant_reply"),
                message);

        // A tokenizer without the chat special tokens.
        TokenizerSpec plain =
                new TokenizerSpec(spec.pattern(), spec.tokensByRank(), Map.of(SpecialTokens.BOS, spec.vocabSize() - 1));
        String plainTokenizer = TokenizerArtifacts.publish(
                        publisher, plain, Files.createTempDirectory(work, "plain"), Map.of())
                .digest();
        message = refusal(() -> evaluate(freshModel, plainTokenizer, heldout, null, Map.of()));
        assertTrue(message.contains(plainTokenizer) && message.contains(SpecialTokens.ASSISTANT_START), message);

        // A tokenizer of another vocabulary than the checkpoint's.
        String otherTokenizer = TokenizerArtifacts.publish(
                        publisher,
                        EvalText.tokenizer(List.of(EvalText.page("postgresql-index.html")), 300),
                        Files.createTempDirectory(work, "other"),
                        Map.of())
                .digest();
        message = refusal(() -> evaluate(freshModel, otherTokenizer, heldout, null, Map.of()));
        assertTrue(message.contains(freshModel) && message.contains(String.valueOf(spec.vocabSize())), message);

        // A chat checkpoint given another tokenizer than the one it records, of the same vocabulary size
        // (the special tokens' ids swapped, so every conversation would render to other ids).
        Map<String, Integer> swapped = new LinkedHashMap<>(spec.specialTokens());
        swapped.put(SpecialTokens.USER_START, spec.specialTokens().get(SpecialTokens.ASSISTANT_START));
        swapped.put(SpecialTokens.ASSISTANT_START, spec.specialTokens().get(SpecialTokens.USER_START));
        String swappedTokenizer = TokenizerArtifacts.publish(
                        publisher,
                        new TokenizerSpec(spec.pattern(), spec.tokensByRank(), swapped),
                        Files.createTempDirectory(work, "swapped"),
                        Map.of())
                .digest();
        message = refusal(() -> evaluate(trainedModel, swappedTokenizer, heldout, null, Map.of()));
        assertTrue(message.contains(trainedModel) && message.contains("trained with tokenizer " + tokenizer), message);

        // pass@k asked at temperature 0 would draw k identical replies.
        message = refusal(() -> evaluate(freshModel, tokenizer, heldout, null, Map.of("samples", 4)));
        assertTrue(message.contains("temperature"), message);
    }

    private static ReportCard.TaskScore task(ReportCard card, String name) {
        return card.tasks().stream()
                .filter(t -> t.task().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no task " + name + " in " + card.tasks()));
    }

    /** The message of the non-retryable failure {@code call} ends in. */
    private static String refusal(Runnable call) {
        ActivityFailure failure = assertThrows(ActivityFailure.class, call::run);
        ApplicationFailure cause = (ApplicationFailure) failure.getCause();
        assertEquals(InvalidStageInputException.class.getName(), cause.getType(), cause.getOriginalMessage());
        return cause.getOriginalMessage();
    }

    private static StageResult evaluate(
            String model, String tok, String held, String tokens, Map<String, Object> params) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("model", model);
        inputs.put("tokenizer", tok);
        inputs.put("heldout", held);
        if (tokens != null) inputs.put("tokens", tokens);
        Map<String, Object> normalized = StageRegistry.get("evaluate", "test").normalize(params, "test.params");
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new EvaluateActivitiesImpl(publisher));
            EvaluateActivities stub = env.newActivityStub(
                    EvaluateActivities.class,
                    ActivityOptions.newBuilder()
                            .setHeartbeatTimeout(Duration.ofSeconds(120))
                            .setStartToCloseTimeout(Duration.ofMinutes(10))
                            .build());
            return stub.evaluateModel(new StageRequest(null, inputs, normalized));
        } finally {
            env.close();
        }
    }

    /**
     * A GPT trained for {@code steps} full-batch steps on the held-out items themselves, each row
     * one conversation from its BOS (as the engine will see it), padded with the conversations after
     * it; 0 steps is the freshly initialised model.
     */
    private static Checkpoint train(GptConfig config, int steps) {
        List<int[]> rendered = new ArrayList<>();
        int total = 0;
        for (Conversation c : items) {
            int[] ids = renderer.render(c, CONTEXT).ids();
            assertTrue(ids.length + 8 < CONTEXT, "conversation " + c.id() + " fits the context: " + ids.length);
            rendered.add(ids);
            total += ids.length;
        }
        int[] stream = new int[total];
        int[] starts = new int[rendered.size()];
        int at = 0;
        for (int i = 0; i < rendered.size(); i++) {
            starts[i] = at;
            System.arraycopy(rendered.get(i), 0, stream, at, rendered.get(i).length);
            at += rendered.get(i).length;
        }
        Random order = new Random(3);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 42, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(
                        model,
                        opt,
                        new LearningRateSchedule(3e-3, 3e-4, Math.min(20, steps), Math.max(steps, 1)),
                        1.0,
                        42,
                        0)) {
            for (int s = 0; s < steps; s++) {
                int b = starts.length;
                int[] x = new int[b * CONTEXT];
                int[] y = new int[b * CONTEXT];
                List<Integer> rows = new ArrayList<>();
                for (int i = 0; i < b; i++) rows.add(i);
                Collections.shuffle(rows, order);
                for (int r = 0; r < b; r++) {
                    int from = starts[rows.get(r)];
                    for (int t = 0; t < CONTEXT; t++) {
                        x[r * CONTEXT + t] = stream[(from + t) % stream.length];
                        y[r * CONTEXT + t] = stream[(from + t + 1) % stream.length];
                    }
                }
                trainedLoss = trainer.step(List.of(new TokenWindows.Batch(b, CONTEXT, x, y)))
                        .loss();
            }
            return Checkpoint.of(trainer, new TokenWindows(List.of(stream), CONTEXT - 1, 42), 42);
        }
    }

    private static String publishCheckpoint(Checkpoint ckpt, Map<String, Object> metadata) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ckpt.write(out);
        return publisher
                .publish(out.toByteArray(), "checkpoint", "application/octet-stream", metadata)
                .digest();
    }

    /** A token manifest of {@code docs} (BOS before each), as tokenize writes it. */
    private static String tokenManifest(List<String> docs) throws Exception {
        return TestTokenManifests.publish(publisher, spec, tokenizer, docs, work);
    }

    private static String textOf(Conversation c) {
        StringBuilder b = new StringBuilder();
        for (Message m : c.messages()) {
            for (Part p : m.parts()) {
                if (p instanceof Part.Text t) b.append(t.text()).append('\n');
                else if (p instanceof Part.ToolCall call) b.append(call.input()).append('\n');
                else if (p instanceof Part.ToolOutput out)
                    b.append(out.output()).append('\n');
            }
        }
        return b.toString();
    }
}
