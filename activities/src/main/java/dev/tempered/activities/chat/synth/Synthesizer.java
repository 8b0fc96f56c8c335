package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFormatException;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.chat.tasks.DialogTask;
import dev.tempered.activities.chat.tasks.HeldOutSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The work of {@code synthesize} without Temporal or storage: for each task, items 0, 1, 2, … of the
 * seed's stream until the count asked for is reached, each validated (a generator bug fails loudly,
 * naming the item), exact repeats dropped, and each placed in a split by
 * {@link HeldOutSplit#isHeldOut} of the task's {@link ChatTask#splitKey} — never by position, so an
 * item's split does not depend on the counts, the order or the other tasks, and a question (or a
 * spelling word) never appears in both splits. The train conversations are shuffled by the seed so
 * that SFT reading them in order sees the tasks mixed; the held-out ones stay in task order.
 */
public final class Synthesizer {
    /**
     * Items tried per item asked for before a task is declared exhausted: a task whose distinct items
     * are fewer than asked (identity has a few thousand) stops there instead of looping forever, and
     * the summary shows the shortfall.
     */
    static final int ATTEMPTS_PER_ITEM = 4;

    /** Per-task counts. {@code requested} is what the params asked for (0 for "all dialogs" becomes the corpus size). */
    public record TaskCounts(int version, int requested, int train, int heldout, int duplicates) {}

    /** The two splits and what went into them, per task in the order generated. */
    public record Result(List<Conversation> train, List<Conversation> heldout, Map<String, TaskCounts> tasks) {}

    private final ConversationValidator validator;

    public Synthesizer(ConversationValidator validator) {
        this.validator = validator;
    }

    /**
     * @param counts items per task name; for the dialog task, 0 means every dialog of the corpus once
     * @param progress called with the number of items generated so far, every few hundred items
     */
    public Result run(
            List<ChatTask> tasks,
            Map<String, Integer> counts,
            long seed,
            double heldoutFraction,
            ProgressListener progress) {
        List<Conversation> train = new ArrayList<>();
        List<Conversation> heldout = new ArrayList<>();
        Map<String, TaskCounts> byTask = new LinkedHashMap<>();
        long generated = 0;
        for (ChatTask task : tasks) {
            int requested = counts.getOrDefault(task.name(), 0);
            if (requested == 0 && task instanceof DialogTask d) requested = d.size();
            Set<String> seen = new HashSet<>();
            int inTrain = 0;
            int inHeldout = 0;
            int duplicates = 0;
            long limit = (long) requested * ATTEMPTS_PER_ITEM;
            for (long index = 0; inTrain + inHeldout < requested && index < limit; index++) {
                Conversation c = task.item(seed, index);
                try {
                    validator.validate(c);
                } catch (ConversationFormatException e) {
                    throw new IllegalStateException(
                            "task " + task.name() + " (version " + task.version()
                                    + ") generated an invalid conversation at seed " + seed + ", index " + index
                                    + " (id "
                                    + c.id() + "): " + e.getMessage() + "; this is a bug in the task's generator",
                            e);
                }
                if (!seen.add(ConversationJson.write(new Conversation(c.messages(), null, null, null)))) {
                    duplicates++;
                    continue;
                }
                if (HeldOutSplit.isHeldOut(task.splitKey(c), heldoutFraction)) {
                    heldout.add(c);
                    inHeldout++;
                } else {
                    train.add(c);
                    inTrain++;
                }
                if (++generated % 500 == 0) progress.generated(generated);
            }
            byTask.put(task.name(), new TaskCounts(task.version(), requested, inTrain, inHeldout, duplicates));
        }
        Collections.shuffle(train, new Random(seed));
        return new Result(List.copyOf(train), List.copyOf(heldout), byTask);
    }

    /** Progress of a run, for heartbeats. */
    @FunctionalInterface
    public interface ProgressListener {
        void generated(long items);
    }
}
