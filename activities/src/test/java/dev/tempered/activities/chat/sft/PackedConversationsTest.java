package dev.tempered.activities.chat.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rendering, cutting and packing of the SFT fixture's conversations under a real BPE: invalid lines
 * counted by reason, cut counts, every window at most context + 1 tokens with each conversation
 * whole and starting at BOS, targets and masks aligned with the rendered conversations, padding
 * masked, every conversation once per epoch, and a position that resumes the exact batches.
 */
class PackedConversationsTest {
    /** Short enough that the longer conversations are cut. */
    static final int SHORT = 48;
    /** Long enough that several conversations share a window. */
    static final int CONTEXT = 160;

    static TokenizerSpec spec;
    static ChatRenderer renderer;
    static SftExamples cut;
    static SftExamples examples;

    @BeforeAll
    static void render() throws Exception {
        spec = SftFixtures.tokenizer(1024);
        renderer = SftFixtures.renderer(spec);
        cut = SftExamples.prepare(SftFixtures.validConversations(), renderer, SHORT, 0.0);
        examples = SftExamples.prepare(SftFixtures.validConversations(), renderer, CONTEXT, 0.0);
    }

    @Test
    void invalidLinesAreCountedByReasonAndExcluded() throws Exception {
        List<Object> valid = new ArrayList<>();
        ConversationFile.ReadReport report = ConversationFile.read(
                new ByteArrayInputStream(SftFixtures.conversationsGzip()),
                "sft-conversations.jsonl.gz",
                ConversationValidator.defaults(),
                valid::add);
        assertEquals(20, report.valid());
        assertEquals(20, valid.size());
        assertEquals(
                Map.of("empty_content", 1L, "no_assistant_reply", 1L, "not_json", 1L, "role_order", 1L),
                report.invalidByReason());
    }

    @Test
    void longConversationsAreCutAndCounted() {
        SftExamples.Counts c = cut.counts();
        assertEquals(20, c.conversations());
        assertEquals(0, c.validation());
        // With 48 tokens, the two-exchange conversations keep their first exchange; long single answers are cut inside.
        assertTrue(c.cutAtTurn() >= 1, c.toString());
        assertTrue(c.cutMidTurn() >= 1, c.toString());
        assertEquals(20 - c.untrainable(), cut.train().size(), c.toString());
        long trained = 0;
        for (RenderedConversation r : cut.train()) {
            assertTrue(r.ids().length <= SHORT + 1, "rendered length " + r.ids().length);
            assertEquals(renderer.tokens().bos(), r.ids()[0]);
            assertTrue(r.trainedTokens() > 0);
            trained += r.trainedTokens();
        }
        assertEquals(trained, c.trainedTokens());
        // Nothing is cut at a context that fits every conversation.
        SftExamples roomy = SftExamples.prepare(safeConversations(), renderer, 1024, 0.0);
        assertEquals(0, roomy.counts().cutAtTurn() + roomy.counts().cutMidTurn());
    }

    @Test
    void windowsHoldWholeConversationsFromBosWithAlignedMasksAndMaskedPadding() {
        List<RenderedConversation> convs = examples.train();
        int bos = renderer.tokens().bos();
        PackedConversations packer = new PackedConversations(convs, CONTEXT, bos, 5);
        int windows = packer.windowsInEpoch();
        int[][] packing = new int[windows][];
        for (int w = 0; w < windows; w++) packing[w] = packer.window(w);
        int[] seen = new int[convs.size()];
        MaskedBatch all = packer.next(windows); // the whole first epoch
        long padding = 0;
        for (int w = 0; w < windows; w++) {
            int at = 0;
            for (int c : packing[w]) {
                seen[c]++;
                RenderedConversation rc = convs.get(c);
                for (int i = 0; i < rc.ids().length; i++) {
                    int pos = at + i; // position in the window of CONTEXT + 1 tokens
                    if (pos < CONTEXT) assertEquals(rc.ids()[i], all.inputs()[w * CONTEXT + pos]);
                    if (pos >= 1) {
                        assertEquals(rc.ids()[i], all.targets()[w * CONTEXT + pos - 1], "target of window " + w);
                        assertEquals(rc.mask()[i], all.mask()[w * CONTEXT + pos - 1], "mask of window " + w);
                    }
                }
                assertEquals(bos, rc.ids()[0]);
                at += rc.ids().length;
            }
            assertTrue(at <= CONTEXT + 1, "window " + w + " holds " + at + " tokens");
            for (int pos = Math.max(at, 1); pos <= CONTEXT; pos++) {
                assertEquals(bos, all.targets()[w * CONTEXT + pos - 1], "padding id");
                assertEquals(0f, all.mask()[w * CONTEXT + pos - 1], "padding is masked");
                padding++;
            }
        }
        for (int c = 0; c < seen.length; c++) assertEquals(1, seen[c], "conversation " + c + " once per epoch");
        long masked = all.maskedTokens();
        assertEquals(examples.counts().trainedTokens(), masked, "every trained token is a masked target once");
        // Best fit leaves less padding than one conversation per window would.
        long oneEach = 0;
        for (RenderedConversation rc : convs) oneEach += CONTEXT + 1 - rc.ids().length;
        assertTrue(padding < oneEach, padding + " padding vs " + oneEach);
        assertTrue(windows < convs.size(), windows + " windows for " + convs.size() + " conversations");
    }

    @Test
    void aPositionResumesTheExactBatchesAcrossEpochs() {
        int bos = renderer.tokens().bos();
        PackedConversations straight = new PackedConversations(examples.train(), CONTEXT, bos, 9);
        List<MaskedBatch> want = new ArrayList<>();
        TokenWindows.Position at = null;
        for (int i = 0; i < 12; i++) {
            if (i == 5) at = straight.position();
            want.add(straight.next(3));
        }
        assertTrue(straight.position().epoch() >= 1, "crossed an epoch: " + straight.position());
        PackedConversations resumed = new PackedConversations(examples.train(), CONTEXT, bos, 9);
        resumed.seek(at);
        for (int i = 5; i < 12; i++) {
            MaskedBatch got = resumed.next(3);
            assertArrayEquals(want.get(i).inputs(), got.inputs(), "batch " + i);
            assertArrayEquals(want.get(i).targets(), got.targets(), "batch " + i);
            assertArrayEquals(want.get(i).mask(), got.mask(), "batch " + i);
        }
        // Another epoch is another order: the packing differs.
        PackedConversations other = new PackedConversations(examples.train(), CONTEXT, bos, 9);
        other.seek(new TokenWindows.Position(1, 0));
        assertTrue(!java.util.Arrays.equals(
                new PackedConversations(examples.train(), CONTEXT, bos, 9)
                        .next(2)
                        .inputs(),
                other.next(2).inputs()));
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> resumed.seek(new TokenWindows.Position(0, 10_000)));
        assertTrue(e.getMessage().contains("outside these conversations"), e.getMessage());
    }

    private static List<dev.tempered.activities.chat.Conversation> safeConversations() {
        try {
            return SftFixtures.validConversations();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
