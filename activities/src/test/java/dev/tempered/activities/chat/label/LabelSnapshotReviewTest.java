package dev.tempered.activities.chat.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.Resolution;
import dev.tempered.storage.labels.StoredLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The snapshot trusts reviewers: on a resolved pair the labelers' pairs that agree with the
 * reviewer get confidence 1 and the contradicting ones are dropped; a tie-or-unclear verdict drops
 * every pair on those two responses; unresolved pairs keep the labeler's confidence.
 */
class LabelSnapshotReviewTest {
    private static final UUID TASK = UUID.nameUUIDFromBytes("snapshot-review/0".getBytes());

    private static LabelTask task() {
        List<String> texts = List.of("four", "five", "six");
        List<String> conversations = new ArrayList<>();
        for (String t : texts) {
            conversations.add(ConversationJson.write(
                    new Conversation(List.of(Message.user("2+2?"), Message.assistant(t)), "labeling", "arith", "p0")));
        }
        return new LabelTask(TASK, "snapshot-review", 0, "2+2?", "#### 4", null, texts, conversations, false);
    }

    private static StoredLabel label(String labeler, List<List<Integer>> ranking) {
        return new StoredLabel(
                UUID.randomUUID(),
                "key-" + labeler,
                TASK,
                UUID.randomUUID(),
                labeler,
                ranking,
                null,
                null,
                Set.of(),
                4,
                Instant.EPOCH);
    }

    /** ana: 0 > 1 > 2; ben: 1 > 0 > 2. They disagree on (0, 1) only. */
    private static List<StoredLabel> labels() {
        return List.of(
                label("ana", List.of(List.of(0), List.of(1), List.of(2))),
                label("ben", List.of(List.of(1), List.of(0), List.of(2))));
    }

    private static List<PreferencePair> on(List<PreferencePair> pairs, String a, String b) {
        return pairs.stream()
                .filter(p -> Set.of(p.chosenResponse(), p.rejectedResponse()).equals(Set.of(a, b)))
                .toList();
    }

    @Test
    void withoutAReviewBothSidesOfTheDisputeStay() {
        LabelSnapshot.Outputs out = LabelSnapshot.of("snapshot-review", List.of(task()), labels());
        assertEquals(6, out.preferences().size());
        assertEquals(2, on(out.preferences(), "r0", "r1").size());
        assertTrue(out.preferences().stream().allMatch(p -> p.confidence() == 0.8), "confidence 4 of 5");
        assertEquals(0, out.report().pairsDroppedByReview());
    }

    @Test
    void aReviewersPickKeepsTheAgreeingPairAtConfidenceOneAndDropsTheOther() {
        Resolution benIsRight = new Resolution(TASK, 0, 1, 1, "rita", null, Instant.EPOCH);
        LabelSnapshot.Outputs out = LabelSnapshot.of("snapshot-review", List.of(task()), labels(), List.of(benIsRight));
        List<PreferencePair> disputed = on(out.preferences(), "r0", "r1");
        assertEquals(1, disputed.size());
        assertEquals("ben", disputed.get(0).labeler());
        assertEquals("r1", disputed.get(0).chosenResponse());
        assertEquals(1.0, disputed.get(0).confidence());
        assertEquals(5, out.preferences().size());
        assertTrue(
                on(out.preferences(), "r0", "r2").stream().allMatch(p -> p.confidence() == 0.8),
                "pairs the review did not touch keep the labeler's confidence");
        assertEquals(1, out.report().pairsDroppedByReview());
        assertEquals(1, out.report().resolvedPairs());
    }

    @Test
    void aTieOrUnclearVerdictDropsThePairFromEveryLabeler() {
        Resolution unclear = new Resolution(TASK, 0, 1, null, "rita", "both wrong", Instant.EPOCH);
        LabelSnapshot.Outputs out = LabelSnapshot.of("snapshot-review", List.of(task()), labels(), List.of(unclear));
        assertEquals(0, on(out.preferences(), "r0", "r1").size());
        assertEquals(4, out.preferences().size());
        assertEquals(2, out.report().pairsDroppedByReview());
    }
}
