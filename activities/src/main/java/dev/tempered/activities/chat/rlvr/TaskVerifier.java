package dev.tempered.activities.chat.rlvr;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.chat.tasks.FinalAnswer;
import java.util.Map;
import java.util.Optional;

/**
 * Rewards from the synthetic tasks' exact checkers ({@link ChatTask#check}: arithmetic, letter
 * counting): 1 for a correct {@code #### answer}, 0 otherwise (nanochat's {@code chat_rl}), plus
 * {@code formatReward} when the reply ended properly and states an answer at all, right or wrong
 * (a small shaping term; 0 by default, as nanochat). An item of a task without a checker is a
 * programming error here: the stage keeps only checkable prompts.
 */
public final class TaskVerifier implements Verifier {
    private final Map<String, ChatTask> tasks;
    private final double formatReward;

    public TaskVerifier(Map<String, ChatTask> tasks, double formatReward) {
        this.tasks = Map.copyOf(tasks);
        this.formatReward = formatReward;
    }

    @Override
    public double reward(Conversation item, int[] tokens, AssistantReply reply) {
        ChatTask task = tasks.get(item.task());
        if (task == null)
            throw new IllegalArgumentException("item " + item.id() + " has no checkable task: " + item.task());
        Optional<Boolean> ok = task.check(item, reply);
        if (ok.isEmpty()) throw new IllegalArgumentException("task " + item.task() + " cannot check item " + item.id());
        double r = ok.get() ? 1 : 0;
        if (formatReward > 0 && reply.ended() && FinalAnswer.of(reply.text()).isPresent()) r += formatReward;
        return r;
    }

    @Override
    public boolean correct(double reward) {
        return reward >= 1;
    }
}
