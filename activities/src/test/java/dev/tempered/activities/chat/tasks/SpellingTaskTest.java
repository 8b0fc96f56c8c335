package dev.tempered.activities.chat.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.Part;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Letter counting: the count is right, the spelling counts along, the tool call is the calculator's letter-count form. */
class SpellingTaskTest {
    private static final Pattern CALL = Pattern.compile("'([a-z]+)'\\.count\\('([a-z])'\\)");

    private final SpellingTask task = new SpellingTask();

    /** Pins the generator: if this changes, bump {@link SpellingTask#VERSION} and update the line. */
    @Test
    void theThirdItemOfSeedOneIsPinned() {
        assertEquals(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"How many times does the letter e appear in create?\"},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me spell it:"
                        + " c,r,e(1),a,t,e(2). Checking with the tool:\"},{\"type\":\"tool_call\",\"tool\":\"calc\","
                        + "\"input\":\"'create'.count('e')\"},{\"type\":\"tool_output\",\"output\":\"2\"},{\"type\":"
                        + "\"text\",\"text\":\" There are 2 'e' in 'create'.\\n#### 2\"}]}],\"source\":\"synthetic\","
                        + "\"task\":\"spelling\",\"id\":\"spelling-s1-000002\"}",
                ConversationJson.write(task.item(1, 2)));
    }

    @Test
    void theWordListIsRealEnglishFromTheCorpus() {
        List<String> words = WordList.english();
        assertEquals(1000, words.size());
        assertEquals(new HashSet<>(words).size(), words.size(), "no word twice");
        assertTrue(words.containsAll(List.of("the", "and", "rights", "function", "database", "freedom")), "frequent words");
        assertTrue(!words.contains("elif") && !words.contains("tablespace"), "single-source jargon is left out");
    }

    /** The running count, the tool's output and the final answer all equal the true count of the letter. */
    @Test
    void everyReplySpellsWithARunningCountAndChecksWithTheTool() {
        int absent = 0;
        Set<String> words = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            Conversation c = task.item(4, i);
            List<Part> parts = c.last().parts();
            Part.ToolCall call = assertInstanceOf(Part.ToolCall.class, parts.get(1));
            Matcher m = CALL.matcher(call.input());
            assertTrue(m.matches(), call.input());
            String word = m.group(1);
            char letter = m.group(2).charAt(0);
            words.add(word);
            long count = word.chars().filter(ch -> ch == letter).count();
            if (count == 0) absent++;
            assertEquals(Long.toString(count), assertInstanceOf(Part.ToolOutput.class, parts.get(2)).output());
            String spelling = ((Part.Text) parts.get(0)).text();
            StringBuilder expected = new StringBuilder();
            int running = 0;
            for (int k = 0; k < word.length(); k++) {
                if (k > 0) expected.append(',');
                expected.append(word.charAt(k));
                if (word.charAt(k) == letter) expected.append('(').append(++running).append(')');
            }
            assertTrue(spelling.contains(": " + expected + "."), c.id() + ": " + spelling);
            assertTrue(c.messages().get(0).text().contains(word), c.id());
            assertTrue(((Part.Text) parts.get(3)).text().endsWith("\n#### " + count), c.id());
            assertEquals(word, task.splitKey(c), "the split key is the word");
        }
        assertTrue(absent > 400 && absent < 800, absent + " of 3000 ask for a letter the word lacks (about 1 in 5)");
        assertTrue(words.size() > 900, words.size() + " distinct words");
    }

    @Test
    void isDeterministicAndValidAndStablySplit() throws Exception {
        TaskAssertions.deterministic(SpellingTask::new);
        TaskAssertions.validAndStablySplit(task, 500);
    }

    @Test
    void checkerAcceptsTheIdealReplyAndRejectsWrongOnes() {
        for (int i = 0; i < 20; i++) {
            Conversation item = task.item(2, i);
            List<Part> ideal = item.last().parts();
            String n = ((Part.ToolOutput) ideal.get(2)).output();
            String end = ((Part.Text) ideal.get(3)).text();
            TaskAssertions.checks(
                    task,
                    item,
                    List.of(
                            TaskAssertions.reply(List.of(
                                    ideal.get(0),
                                    ideal.get(1),
                                    ideal.get(2),
                                    new Part.Text(end.replace("#### " + n, "#### " + (Integer.parseInt(n) + 1))))),
                            TaskAssertions.reply(List.of(
                                    ideal.get(0), ideal.get(1), ideal.get(2), new Part.Text(end.replace("#### ", "")))),
                            TaskAssertions.reply(List.of(ideal.get(1), ideal.get(2)))));
        }
    }

    @Test
    void rendersWithTheMaskOnTheAssistantAndParsesBack() {
        TaskAssertions.rendersAndParsesBack(task, 200);
    }
}
