package dev.tempered.activities.model.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.testing.StorageFixture;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat checkpoint served over real PostgreSQL and S3 with the real engine: the tokenizer found
 * through the checkpoint's metadata or its {@code sft} run, a multi-turn session whose calculator
 * calls arrive as events apart from the text, and each refusal (base model, tokenizer without the
 * chat specials, a reply that cannot fit the context) naming what is wrong.
 */
class ChatSessionTest {
    static ArtifactPublisher publisher;
    static ModelLoader loader;
    static TinyChatModels.Published published;
    static ChatModel model;

    @BeforeAll
    static void seed() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("chat-session"), fixture.lineage());
        loader = new ModelLoader(publisher.store(), publisher.lineage());
        published = TinyChatModels.publish(publisher);
        model = loader.loadChat(published.chat(), null);
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    /** Every event in order, as "text:…", "call:…", "output:…". */
    static final class Recorded implements ChatEvents {
        final List<String> events = new ArrayList<>();

        @Override
        public void text(String piece) {
            events.add("text:" + piece);
        }

        @Override
        public void toolCall(String input) {
            events.add("call:" + input);
        }

        @Override
        public void toolOutput(String output) {
            events.add("output:" + output);
        }

        /** Adjacent text pieces joined, so the test reads what a terminal shows. */
        List<String> merged() {
            List<String> out = new ArrayList<>();
            for (String e : events) {
                int last = out.size() - 1;
                if (e.startsWith("text:") && last >= 0 && out.get(last).startsWith("text:"))
                    out.set(last, out.get(last) + e.substring(5));
                else out.add(e);
            }
            return out;
        }
    }

    private static GenerationSettings greedy(int maxTokens) {
        return new GenerationSettings(maxTokens, 0, 0, 1, 0, List.of());
    }

    @Test
    void theTokenizerComesFromMetadataOrFromTheSftRunsInputs() {
        assertEquals(published.tokenizer(), loader.tokenizerOf(published.chat()));
        assertEquals(
                published.tokenizer(),
                loader.tokenizerOf(published.chatWithoutTokenizerField()),
                "without the metadata field, the sft run's tokenizer input");
        assertEquals(published.tokenizer(), model.tokenizer());
        assertEquals(TinyChatModels.STEPS, model.step());
    }

    @Test
    void aMultiTurnSessionCallsTheCalculatorAndKeepsTheHistory() {
        ChatSession session = new ChatSession(model);
        Recorded first = new Recorded();
        ChatModel.Reply r1 = session.send(TinyChatModels.ASK_PRODUCT, greedy(60), first, () -> true);
        assertEquals(
                List.of(
                        "call:" + TinyChatModels.PRODUCT_CALL,
                        "output:" + TinyChatModels.PRODUCT_OUTPUT,
                        "text:" + TinyChatModels.PRODUCT_TEXT),
                first.merged());
        assertTrue(
                first.events.stream().noneMatch(e -> e.contains("\uFFFD")),
                "no piece splits the two-byte ×: " + first.events);
        assertEquals("assistant_end", r1.stop());
        assertEquals(1, r1.toolCalls());
        assertTrue(r1.parsed().wellFormed(), r1.parsed().problem());
        assertEquals(
                List.of(
                        new Part.ToolCall(Part.ToolCall.CALC, TinyChatModels.PRODUCT_CALL),
                        new Part.ToolOutput(TinyChatModels.PRODUCT_OUTPUT),
                        new Part.Text(TinyChatModels.PRODUCT_TEXT)),
                r1.message().parts());

        Recorded second = new Recorded();
        ChatModel.Reply r2 = session.send(TinyChatModels.ASK_FOLLOW_UP, greedy(60), second, () -> true);
        assertEquals(
                List.of(
                        "call:" + TinyChatModels.FOLLOW_UP_CALL,
                        "output:" + TinyChatModels.FOLLOW_UP_OUTPUT,
                        "text:" + TinyChatModels.FOLLOW_UP_TEXT),
                second.merged(),
                "the second turn is answered with the first in its prompt");
        assertEquals(4, session.size());
        assertEquals(TinyChatModels.FOLLOW_UP_TEXT, r2.message().text());

        session.reset();
        assertEquals(0, session.size());
        Recorded again = new Recorded();
        session.send(TinyChatModels.ASK_NAME, greedy(60), again, () -> true);
        assertEquals(List.of("text:" + TinyChatModels.NAME_TEXT), again.merged());
    }

    @Test
    void aCancelledReplyStopsAndMaxTokensBeyondTheContextIsRefusedNamingBothNumbers() {
        ChatSession session = new ChatSession(model);
        ChatModel.Reply cancelled = session.send(TinyChatModels.ASK_NAME, greedy(60), ChatEvents.NONE, () -> false);
        assertEquals("cancelled", cancelled.stop());
        assertEquals(1, cancelled.tokens());

        Conversation ask = new Conversation(List.of(Message.user(TinyChatModels.ASK_PRODUCT)), "t", null, null);
        int left = model.tokensLeft(ask);
        int prompt = 128 - left;
        ChatSession fresh = new ChatSession(model);
        ChatContextException e = assertThrows(
                ChatContextException.class,
                () -> fresh.send(TinyChatModels.ASK_PRODUCT, greedy(500), ChatEvents.NONE, () -> true));
        assertEquals(
                "max tokens 500 is more than the " + left + " tokens the model's context leaves (context 128 tokens,"
                        + " the conversation so far " + prompt + "); ask for at most " + left
                        + " (--max-tokens) or start a new conversation (/reset)",
                e.getMessage());
        assertEquals(0, fresh.size(), "the failed turn left the conversation as it was");
    }

    @Test
    void aBaseModelAndATokenizerWithoutChatSpecialsAreRefusedByName() throws Exception {
        ModelLoadException base = assertThrows(ModelLoadException.class, () -> loader.loadChat(published.base(), null));
        assertEquals(ModelLoadException.Problem.NOT_A_CHAT_MODEL, base.problem());
        assertTrue(
                base.getMessage()
                        .startsWith("checkpoint " + published.base()
                                + " is a base model (pretrain); chat needs a chat checkpoint from an sft stage"),
                base.getMessage());

        TokenizerSpec full = TinyChatModels.byteLevelTokenizer();
        Map<String, Integer> onlyBos = new LinkedHashMap<>();
        onlyBos.put(SpecialTokens.BOS, 256);
        // Same vocabulary size as the model, so only the missing specials are wrong.
        for (int i = 1; i < SpecialTokens.ALL.size(); i++) onlyBos.put("<|reserved_" + i + "|>", 256 + i);
        TokenizerSpec plain = new TokenizerSpec(full.pattern(), full.tokensByRank(), onlyBos);
        String plainTokenizer = TokenizerArtifacts.publish(publisher, plain, Files.createTempDirectory("tok"), Map.of())
                .digest();
        ModelLoadException noSpecials =
                assertThrows(ModelLoadException.class, () -> loader.loadChat(published.chat(), plainTokenizer));
        assertEquals(ModelLoadException.Problem.BAD_TOKENIZER, noSpecials.problem());
        assertTrue(
                noSpecials
                        .getMessage()
                        .contains("tokenizer " + plainTokenizer + " lacks the chat special tokens [<|user_start|>,"
                                + " <|user_end|>, <|assistant_start|>, <|assistant_end|>, <|python_start|>,"
                                + " <|python_end|>, <|output_start|>, <|output_end|>];"),
                noSpecials.getMessage());
    }
}
