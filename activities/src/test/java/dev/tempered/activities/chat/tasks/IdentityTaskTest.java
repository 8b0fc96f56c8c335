package dev.tempered.activities.chat.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Identity conversations: varied, some multi-turn, truthful about what the model cannot do, never checked. */
class IdentityTaskTest {
    private final IdentityTask task = new IdentityTask();

    @Test
    void variedSingleAndMultiTurnConversations() {
        Set<String> questions = new HashSet<>();
        int multi = 0;
        boolean browsing = false;
        boolean memory = false;
        for (int i = 0; i < 1000; i++) {
            Conversation c = task.item(1, i);
            assertTrue(c.messages().size() == 2 || c.messages().size() == 4, c.id());
            if (c.messages().size() == 4) multi++;
            for (Message m : c.messages()) {
                if (m.role() == dev.tempered.activities.chat.Role.USER) questions.add(m.text());
                if (m.text().contains("can't browse")) browsing = true;
                if (m.text().contains("don't remember past chats")) memory = true;
            }
        }
        assertTrue(multi > 220 && multi < 380, multi + " of 1000 are two exchanges (about 3 in 10)");
        assertTrue(questions.size() >= 45, questions.size() + " distinct questions");
        assertTrue(browsing && memory, "says it cannot browse and does not remember past chats");
    }

    @Test
    void isDeterministicAndValidAndStablySplit() throws Exception {
        TaskAssertions.deterministic(IdentityTask::new);
        TaskAssertions.validAndStablySplit(task, 300);
    }

    @Test
    void hasNoRightAnswerToCheck() {
        Conversation item = task.item(1, 0);
        assertEquals(Optional.empty(), task.check(item, TaskAssertions.reply(item.last().parts())));
        assertEquals(Optional.empty(), task.check(item, TaskAssertions.reply(List.of(new Part.Text("#### 3")))));
    }

    @Test
    void rendersWithTheMaskOnTheAssistantAndParsesBack() {
        TaskAssertions.rendersAndParsesBack(task, 200);
    }
}
