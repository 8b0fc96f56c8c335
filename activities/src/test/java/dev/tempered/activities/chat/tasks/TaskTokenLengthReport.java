package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTestTokenizer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationJson;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints a few items of every task and the distribution of their rendered lengths under a 4,096-token
 * tokenizer trained on real English text (the demo's vocabulary size): what the demo model's
 * 128-token context holds. By hand: {@code -Dtest=TaskTokenLengthReport -Dtempered.chat.report=true};
 * skipped otherwise. Nothing is asserted: the task tests assert the shapes, this shows the sizes.
 */
class TaskTokenLengthReport {
    @Test
    @EnabledIfSystemProperty(named = "tempered.chat.report", matches = "true")
    void lengths() {
        ChatRenderer renderer = ChatTestTokenizer.renderer(4096);
        for (ChatTask task : ChatTasks.all()) {
            int n = task instanceof DialogTask d ? d.size() : 2000;
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                Conversation c = task.item(1, i);
                lengths[i] = renderer.render(c, 1 << 20).ids().length;
                if (i < 3) System.out.println(ConversationJson.write(c));
            }
            Arrays.sort(lengths);
            System.out.printf(
                    "%s: tokens median %d, p90 %d, p99 %d, max %d; over 128: %d of %d%n",
                    task.name(),
                    lengths[n / 2],
                    lengths[n * 9 / 10],
                    lengths[n * 99 / 100],
                    lengths[n - 1],
                    Arrays.stream(lengths).filter(l -> l > 128).count(),
                    n);
        }
    }
}
