package dev.tempered.activities.chat.rl.stage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.Role;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.storage.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prompts that the {@code ppo} and {@code rlvr} stages roll out: conversations artifacts read
 * from the store, the single-turn prompt-and-reply conversations kept (the reply is what the policy
 * writes afresh), and the held-out subset taken as the first items of each task.
 *
 * <p>Not here: rendering, sampling order ({@code SeededCursor}), what a stage does with an empty result.
 */
public final class RlPrompts {
    /** Why {@link #select} dropped a conversation, as counted in the stage's summary. */
    public static final String OTHER_TASK = "other_task";

    public static final String NOT_A_PROMPT_AND_REPLY = "not_a_prompt_and_reply";
    public static final String PROMPT_TOO_LONG = "prompt_too_long";

    private RlPrompts() {}

    /** Every conversation of the gzip JSONL artifact {@code digest}, given to the stage as {@code input}. */
    public static List<Conversation> read(ArtifactStore store, String input, String digest) throws IOException {
        try (InputStream in = store.open(digest)) {
            return ConversationFile.readAll(in, input + " " + digest, ConversationValidator.defaults());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidStageInputException(
                    "input '" + input + "' (" + digest + ") is not a gzip JSONL conversations artifact: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The conversations that end with a user turn and a reply, whose prompt leaves room for a reply,
     * and (when {@code tasks} is not null) that belong to one of {@code tasks}; each dropped one is
     * counted in {@code dropped} under its reason.
     */
    public static List<Conversation> select(
            List<Conversation> all,
            Map<String, ChatTask> tasks,
            ChatRenderer renderer,
            GptConfig config,
            Map<String, Long> dropped) {
        List<Conversation> out = new ArrayList<>();
        for (Conversation c : all) {
            String reason = null;
            if (tasks != null && (c.task() == null || !tasks.containsKey(c.task()))) reason = OTHER_TASK;
            else if (c.messages().size() < 2
                    || c.last().role() != Role.ASSISTANT
                    || c.withoutLast().last().role() != Role.USER) reason = NOT_A_PROMPT_AND_REPLY;
            // A reply needs room: a prompt that leaves under a quarter of the context is cut short.
            else if (renderer.renderPrompt(c.withoutLast()).length > config.contextLength() * 3 / 4)
                reason = PROMPT_TOO_LONG;
            if (reason == null) out.add(c);
            else dropped.merge(reason, 1L, Long::sum);
        }
        return out;
    }

    /** The first {@code n} conversations of each task by id, tasks in name order: a held-out set that does not depend on file order. */
    public static List<Conversation> firstPerTask(List<Conversation> all, int n) {
        Map<String, List<Conversation>> byTask = new TreeMap<>();
        for (Conversation c : all)
            byTask.computeIfAbsent(c.task(), t -> new ArrayList<>()).add(c);
        List<Conversation> out = new ArrayList<>();
        for (List<Conversation> items : byTask.values()) {
            items.sort(Comparator.comparing(c -> c.id() == null ? "" : c.id()));
            out.addAll(items.subList(0, Math.min(n, items.size())));
        }
        return out;
    }
}
