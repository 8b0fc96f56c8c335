package dev.tempered.activities.chat.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTestTokenizer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.RenderAssertions;
import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.storage.Digests;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chatterbot dialogs: the shipped file, the walk over it, rendering of real multi-turn dialogs. */
class DialogTaskTest {
    /** The converted file's sha256; a regenerated file needs a {@link DialogTask#VERSION} bump and this updated. */
    static final String RESOURCE_SHA256 = "0c7defa186f7eafa22ca0f323fb1191e85be21dc2e412b59cbbfcd507be1e40c";

    private final DialogTask task = new DialogTask();

    @Test
    void theShippedCorpusIsTheConvertedOneAndAllOfItIsValid() throws Exception {
        try (InputStream in = DialogTask.class.getResourceAsStream(DialogTask.RESOURCE)) {
            assertEquals(
                    RESOURCE_SHA256,
                    Digests.sha256Hex(in.readAllBytes()),
                    "the dialog file changed: bump DialogTask.VERSION (synthesize's cache key) and update this digest");
        }
        List<Conversation> all = DialogTask.chatterbot();
        assertEquals(898, all.size());
        assertEquals("chatterbot-en/ai/0", all.get(0).id());
        assertEquals("What is AI?", all.get(0).messages().get(0).text());
        assertTrue(all.stream().anyMatch(c -> c.messages().size() >= 10), "some long multi-turn dialogs");
    }

    @Test
    void theFirstSizeIndicesVisitEveryDialogOnceInASeededOrder() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < task.size(); i++) ids.add(task.item(1, i).id());
        assertEquals(task.size(), ids.size());
        assertEquals(task.item(1, 0), task.item(1, task.size()), "then the walk starts over");
        assertTrue(!task.item(1, 0).equals(task.item(2, 0)) || !task.item(1, 1).equals(task.item(2, 1)), "seeded");
        assertEquals("dialog", task.item(1, 0).task());
        assertEquals("chatterbot-corpus", task.item(1, 0).source());
    }

    @Test
    void isDeterministicAndValidAndStablySplit() throws Exception {
        TaskAssertions.deterministic(DialogTask::new);
        TaskAssertions.validAndStablySplit(task, task.size());
    }

    @Test
    void hasNoRightAnswerToCheck() {
        Conversation item = task.item(1, 0);
        assertEquals(Optional.empty(), task.check(item, TaskAssertions.reply(item.last().parts())));
    }

    /** Every real dialog renders with the mask on the assistant's turns only and parses back. */
    @Test
    void everyDialogRendersWithTheMaskOnTheAssistantAndParsesBack() {
        TaskAssertions.rendersAndParsesBack(task, task.size());
    }

    /**
     * A long real dialog cut to the demo's 128-token context ends at the end of an assistant turn:
     * the cut keeps whole exchanges, and what is kept has the same mask as the start of the full render.
     */
    @Test
    void aLongDialogIsCutAtATurnBoundary() {
        ChatRenderer renderer = ChatTestTokenizer.renderer(TaskAssertions.VOCAB);
        Conversation longest = DialogTask.chatterbot().stream()
                .max(java.util.Comparator.comparingInt(c -> c.messages().size()))
                .orElseThrow();
        assertTrue(longest.messages().size() > 20, longest.id() + " has " + longest.messages().size() + " messages");
        RenderedConversation full = renderer.render(longest, 1 << 16);
        RenderedConversation cut = renderer.render(longest, 128);
        assertEquals(RenderedConversation.Cut.TURN_BOUNDARY, cut.cut());
        assertTrue(cut.ids().length <= 128 && cut.ids().length > 64, cut.ids().length + " tokens");
        assertEquals(renderer.tokens().assistantEnd(), cut.ids()[cut.ids().length - 1], "ends with <|assistant_end|>");
        assertEquals(
                java.util.Arrays.toString(java.util.Arrays.copyOf(full.mask(), cut.ids().length)),
                java.util.Arrays.toString(cut.mask()));
        // The kept part is the first k exchanges, exactly.
        Conversation kept = renderer.parse(cut.ids(), longest.source(), longest.task(), longest.id());
        int k = kept.messages().size();
        assertEquals(0, k % 2);
        assertEquals(longest.messages().subList(0, k), kept.messages());
        List<Message> next = longest.messages().subList(0, k + 2);
        assertTrue(
                renderer.render(new Conversation(next, null, null, null), 1 << 16).ids().length > 128,
                "one more exchange would not have fit");
        RenderAssertions.assertMaskIsTheAssistants(renderer, kept, cut);
    }
}
