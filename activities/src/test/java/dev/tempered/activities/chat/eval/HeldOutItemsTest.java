package dev.tempered.activities.chat.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.SpellingTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Held-out items of the real tasks, shuffled in the file, come back grouped by task and in id order. */
class HeldOutItemsTest {
    @Test
    void groupsByTaskKeepsTheFirstItemsByIdAndCountsBadLines() throws Exception {
        List<Conversation> arithmetic = new ArrayList<>();
        List<Conversation> spelling = new ArrayList<>();
        for (int i = 0; i < 7; i++) arithmetic.add(new ArithmeticTask().item(3, i));
        for (int i = 0; i < 3; i++) spelling.add(new SpellingTask().item(3, i));
        List<Conversation> shuffled = new ArrayList<>(arithmetic);
        shuffled.addAll(spelling);
        Collections.shuffle(shuffled, new java.util.Random(9));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            for (Conversation c : shuffled)
                gz.write((ConversationJson.write(c) + "\n").getBytes(StandardCharsets.UTF_8));
            // A line whose last message is the user's: invalid, counted, not fatal.
            gz.write((ConversationJson.write(arithmetic.get(0).withoutLast()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        HeldOutItems items = HeldOutItems.read(new ByteArrayInputStream(bytes.toByteArray()), "heldout.jsonl.gz", 5);

        assertEquals(
                List.of("arithmetic", "spelling"), List.copyOf(items.byTask().keySet()));
        List<Conversation> firstFive = arithmetic.stream()
                .sorted(Comparator.comparing(Conversation::id))
                .limit(5)
                .toList();
        assertEquals(firstFive, items.byTask().get("arithmetic"));
        assertEquals(3, items.byTask().get("spelling").size());
        assertEquals(8, items.size());
        assertEquals(2, items.leftOut(), "arithmetic items beyond 5");
        assertEquals(Map.of("no_assistant_reply", 1L), items.read().invalidByReason());
        assertTrue(
                items.read().examples().get(0).startsWith("heldout.jsonl.gz:11: "),
                items.read().examples().toString());
        ConversationFile.ReadReport report = items.read();
        assertEquals(10, report.valid());
    }
}
