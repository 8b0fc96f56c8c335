package dev.tempered.activities.chat.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.ChatTestTokenizer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.RenderAssertions;
import dev.tempered.activities.chat.RenderedConversation;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** What every task's test checks the same way: determinism, split stability, validity, rendering. */
final class TaskAssertions {
    /** A small vocabulary that trains in seconds on the fixture text; ids differ from the demo's, shapes do not. */
    static final int VOCAB = 1024;

    private TaskAssertions() {}

    /** The bytes of items [from, from + n) as synthesize writes them. */
    static byte[] bytes(ChatTask task, long seed, int from, int n) throws Exception {
        List<Conversation> items = new ArrayList<>();
        for (int i = from; i < from + n; i++) items.add(task.item(seed, i));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversationFile.write(items, out);
        return out.toByteArray();
    }

    /** Same seed, same bytes (from a fresh task object); another seed, other items. */
    static void deterministic(java.util.function.Supplier<ChatTask> fresh) throws Exception {
        byte[] a = bytes(fresh.get(), 7, 0, 200);
        byte[] b = bytes(fresh.get(), 7, 0, 200);
        assertArrayEquals(a, b, "the same seed gives the same bytes");
        assertNotEquals(
                new String(bytes(fresh.get(), 7, 0, 50)), new String(bytes(fresh.get(), 8, 0, 50)), "seeds 7 and 8");
        // Item 150 is the same whether asked for alone or after 150 others.
        assertEquals(
                fresh.get().item(7, 150), fresh.get().item(7, 150), "an item depends only on (seed, index)");
    }

    /** Every item of [0, n) is valid, and its split key decides its split the same way each time. */
    static void validAndStablySplit(ChatTask task, int n) {
        ConversationValidator v = ConversationValidator.defaults();
        for (int i = 0; i < n; i++) {
            Conversation c = task.item(3, i);
            v.validate(c);
            assertEquals(task.name(), c.task(), c.id());
            String key = task.splitKey(c);
            assertEquals(key, task.splitKey(task.item(3, i)), "split key of " + c.id());
        }
    }

    /**
     * Renders items [0, n) with a real tokenizer: the mask covers exactly the assistant's text, tool
     * calls and {@code <|assistant_end|>}; parsing the ids gives the conversation back.
     */
    static void rendersAndParsesBack(ChatTask task, int n) {
        ChatRenderer renderer = ChatTestTokenizer.renderer(VOCAB);
        for (int i = 0; i < n; i++) {
            Conversation c = task.item(5, i);
            RenderedConversation r = renderer.render(c, 1 << 16);
            assertEquals(RenderedConversation.Cut.NONE, r.cut(), c.id());
            RenderAssertions.assertMaskIsTheAssistants(renderer, c, r);
            assertEquals(c.messages(), renderer.parse(r.ids(), c.source(), c.task(), c.id()).messages(), c.id());
        }
    }

    /** The checker accepts the ideal reply (as the model would produce its tokens) and rejects the given wrong ones. */
    static void checks(ChatTask task, Conversation item, List<AssistantReply> wrong) {
        ChatRenderer renderer = ChatTestTokenizer.renderer(VOCAB);
        AssistantReply ideal = renderer.parseReply(renderer.renderReply(item.last().parts()));
        assertTrue(ideal.wellFormed(), ideal.problem());
        assertEquals(java.util.Optional.of(true), task.check(item, ideal), item.id() + " ideal reply");
        for (AssistantReply w : wrong) {
            assertEquals(java.util.Optional.of(false), task.check(item, w), item.id() + ": " + w.parts());
        }
    }

    /** The reply of {@code parts}, as read back from its tokens. */
    static AssistantReply reply(List<dev.tempered.activities.chat.Part> parts) {
        ChatRenderer renderer = ChatTestTokenizer.renderer(VOCAB);
        return renderer.parseReply(renderer.renderReply(parts));
    }
}
