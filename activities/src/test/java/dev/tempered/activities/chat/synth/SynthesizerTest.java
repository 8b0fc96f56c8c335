package dev.tempered.activities.chat.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.chat.tasks.DialogTask;
import dev.tempered.activities.chat.tasks.IdentityTask;
import dev.tempered.activities.chat.tasks.SpellingTask;
import dev.tempered.activities.stage.CacheKeys;
import dev.tempered.activities.stage.StageRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The synthesize work without Temporal: splits by hash, dedupe, loud generator bugs, versions in the cache key. */
class SynthesizerTest {
    private final Synthesizer synthesizer = new Synthesizer(ConversationValidator.defaults());

    private static Set<String> ids(List<Conversation> cs) {
        return cs.stream().map(Conversation::id).collect(Collectors.toSet());
    }

    /** An item's split depends on neither how many items are asked for nor the order of the tasks. */
    @Test
    void anItemsSplitDependsNeitherOnTheCountNorOnTheOrder() {
        List<ChatTask> tasks = List.of(new ArithmeticTask(), new SpellingTask());
        Synthesizer.Result small =
                synthesizer.run(tasks, Map.of("arithmetic", 300, "spelling", 300), 5, 0.2, n -> {});
        Synthesizer.Result large = synthesizer.run(
                List.of(new SpellingTask(), new ArithmeticTask()),
                Map.of("arithmetic", 900, "spelling", 900),
                5,
                0.2,
                n -> {});
        assertTrue(ids(large.heldout()).containsAll(ids(small.heldout())), "held-out stays held-out");
        assertTrue(ids(large.train()).containsAll(ids(small.train())), "train stays train");
        int heldout = small.tasks().get("arithmetic").heldout();
        assertTrue(heldout > 35 && heldout < 85, heldout + " of 300 held out at 0.2");
        assertEquals(300, small.tasks().get("arithmetic").train() + heldout);
    }

    /** No split key, and no question of a single-turn task, is in both splits; the train file is shuffled. */
    @Test
    void noQuestionIsInBothSplits() {
        List<ChatTask> tasks = ChatTasks.all();
        Synthesizer.Result r = synthesizer.run(
                tasks, Map.of("arithmetic", 2000, "spelling", 2000, "identity", 300, "dialog", 0), 1, 0.1, n -> {});
        for (ChatTask task : tasks) {
            Set<String> trainKeys = keys(task, r.train(), task::splitKey);
            Set<String> heldoutKeys = keys(task, r.heldout(), task::splitKey);
            assertTrue(!heldoutKeys.isEmpty(), task.name() + " has held-out items");
            trainKeys.retainAll(heldoutKeys);
            assertEquals(Set.of(), trainKeys, task.name() + ": split keys in both splits");
        }
        Set<String> trainQuestions = questions(r.train());
        trainQuestions.retainAll(questions(r.heldout()));
        assertEquals(Set.of(), trainQuestions, "single-turn questions in both splits");
        assertEquals(898, r.tasks().get("dialog").requested(), "0 dialogs means all of them");
        assertEquals(898, r.tasks().get("dialog").train() + r.tasks().get("dialog").heldout());
        assertNotEquals("arithmetic", r.train().get(1).task() + r.train().get(2).task() + r.train().get(3).task());
    }

    /** Exact repeats are dropped and counted; a task with fewer distinct items than asked stops short. */
    @Test
    void exactRepeatsAreDroppedAndCounted() {
        Synthesizer.Result r = synthesizer.run(List.of(new IdentityTask()), Map.of("identity", 3000), 1, 0.1, n -> {});
        Synthesizer.TaskCounts c = r.tasks().get("identity");
        assertTrue(c.duplicates() > 0, c.toString());
        Set<String> distinct = new HashSet<>();
        for (Conversation conv : r.train()) distinct.add(ConversationJson.write(new Conversation(conv.messages(), null, null, null)));
        for (Conversation conv : r.heldout()) distinct.add(ConversationJson.write(new Conversation(conv.messages(), null, null, null)));
        assertEquals(c.train() + c.heldout(), distinct.size());
    }

    /** A generator that writes an invalid conversation fails the run naming the task, the item and the field. */
    @Test
    void anInvalidGeneratedConversationFailsNamingTheItem() {
        ChatTask broken = new ChatTask() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public int version() {
                return 3;
            }

            @Override
            public Conversation item(long seed, long index) {
                String reply = index == 4 ? " " : "Fine.";
                return new Conversation(
                        List.of(Message.user("How are you? (" + index + ")"), Message.assistant(reply)),
                        "synthetic",
                        "broken",
                        "broken-" + index);
            }

            @Override
            public Optional<Boolean> check(Conversation item, AssistantReply reply) {
                return Optional.empty();
            }
        };
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> synthesizer.run(List.of(broken), Map.of("broken", 10), 9, 0.1, n -> {}));
        assertTrue(
                e.getMessage().contains("task broken (version 3)")
                        && e.getMessage().contains("seed 9, index 4 (id broken-4)")
                        && e.getMessage().contains("messages[1].content: is empty"),
                e.getMessage());
    }

    /** Each task's generator version is in the stage version, so a bump gives a new cache key. */
    @Test
    void aTaskVersionBumpChangesTheCacheKey() {
        List<Integer> versions = ChatTasks.all().stream().map(ChatTask::version).toList();
        assertEquals(
                List.of(ArithmeticTask.VERSION, SpellingTask.VERSION, IdentityTask.VERSION, DialogTask.VERSION),
                versions);
        int packed = SynthesizeStage.packVersion(
                SynthesizeStage.STAGE_VERSION, versions.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(packed, SynthesizeStage.VERSION);
        assertEquals(SynthesizeStage.VERSION, StageRegistry.get("synthesize", "test").version());
        assertEquals(101010101, SynthesizeStage.packVersion(1, 1, 1, 1, 1));

        Map<String, Object> params = StageRegistry.get("synthesize", "test").normalize(Map.of(), "test.params");
        String now = CacheKeys.of("synthesize", SynthesizeStage.VERSION, params, Map.of());
        for (int task = 0; task < 4; task++) {
            int[] bumped = versions.stream().mapToInt(Integer::intValue).toArray();
            bumped[task]++;
            String after = CacheKeys.of(
                    "synthesize", SynthesizeStage.packVersion(SynthesizeStage.STAGE_VERSION, bumped), params, Map.of());
            assertNotEquals(now, after, "bumping " + ChatTasks.NAMES.get(task));
        }
        assertThrows(IllegalStateException.class, () -> SynthesizeStage.packVersion(1, 100, 1, 1, 1));
    }

    private static Set<String> keys(ChatTask task, List<Conversation> cs, java.util.function.Function<Conversation, String> key) {
        return cs.stream().filter(c -> c.task().equals(task.name())).map(key).collect(Collectors.toSet());
    }

    private static Set<String> questions(List<Conversation> cs) {
        return cs.stream()
                .filter(c -> c.messages().size() == 2)
                .map(c -> c.messages().get(0).text())
                .collect(Collectors.toSet());
    }
}
