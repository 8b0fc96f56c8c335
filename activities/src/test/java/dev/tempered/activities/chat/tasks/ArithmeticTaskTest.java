package dev.tempered.activities.chat.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.Part;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Arithmetic word problems: shape, the calculator's value, determinism, split stability, checker, rendering. */
class ArithmeticTaskTest {
    private final ArithmeticTask task = new ArithmeticTask();

    /**
     * Pins the generator: if this changes, items changed for seed 1, so bump {@link ArithmeticTask#VERSION}
     * (it is part of the synthesize cache key) and update the line.
     */
    @Test
    void theFirstItemOfSeedOneIsPinned() {
        assertEquals(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Carlos saves $7.75 every week. How much does Carlos"
                        + " save in 18 weeks?\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let"
                        + " me calculate.\"},{\"type\":\"tool_call\",\"tool\":\"calc\",\"input\":\"7.75*18\"},"
                        + "{\"type\":\"tool_output\",\"output\":\"139.5\"},{\"type\":\"text\",\"text\":\" Carlos saves"
                        + " $139.5.\\n#### 139.5\"}]}],\"source\":\"synthetic\",\"task\":\"arithmetic\",\"id\":"
                        + "\"arithmetic-s1-000000\"}",
                ConversationJson.write(task.item(1, 0)));
    }

    /**
     * Every reply is: a sentence, one calc call, the value the expression really has (recomputed here
     * from the expression with BigDecimal), a sentence stating that value, and {@code #### value}.
     */
    @Test
    void everyReplyCallsTheCalculatorAndStatesItsValue() {
        Set<String> questions = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            Conversation c = task.item(11, i);
            questions.add(c.messages().get(0).text());
            List<Part> parts = c.last().parts();
            assertEquals(4, parts.size(), c.id());
            assertInstanceOf(Part.Text.class, parts.get(0));
            Part.ToolCall call = assertInstanceOf(Part.ToolCall.class, parts.get(1));
            Part.ToolOutput out = assertInstanceOf(Part.ToolOutput.class, parts.get(2));
            assertEquals(Part.ToolCall.CALC, call.tool());
            assertEquals(ArithmeticProblems.text(Expressions.eval(call.input())), out.output(), c.id() + " " + call.input());
            String end = ((Part.Text) parts.get(3)).text();
            assertTrue(end.endsWith("\n#### " + out.output()), c.id() + ": " + end);
            assertTrue(end.substring(0, end.indexOf('\n')).contains(out.output()), c.id() + " states the value: " + end);
            assertTrue(new BigDecimal(out.output()).signum() >= 0, c.id());
        }
        // Varied phrasing: more than nine in ten of 3,000 questions are different (the exact repeats
        // come from the templates with few numbers, such as minutes to hours).
        assertTrue(questions.size() > 2700, questions.size() + " distinct questions");
    }

    @Test
    void isDeterministicAndValidAndStablySplit() throws Exception {
        TaskAssertions.deterministic(ArithmeticTask::new);
        TaskAssertions.validAndStablySplit(task, 500);
        Conversation c = task.item(3, 9);
        assertEquals(c.messages().get(0).text(), task.splitKey(c), "the split key is the question");
    }

    @Test
    void checkerAcceptsTheIdealReplyAndRejectsWrongOnes() {
        for (int i = 0; i < 20; i++) {
            Conversation item = task.item(2, i);
            List<Part> ideal = item.last().parts();
            Part.ToolCall call = (Part.ToolCall) ideal.get(1);
            String value = ((Part.ToolOutput) ideal.get(2)).output();
            String wrongValue = new BigDecimal(value).add(BigDecimal.ONE).toPlainString();
            String statement = ((Part.Text) ideal.get(3)).text();
            TaskAssertions.checks(
                    task,
                    item,
                    List.of(
                            // The number altered.
                            TaskAssertions.reply(List.of(
                                    ideal.get(0),
                                    call,
                                    ideal.get(2),
                                    new Part.Text(statement.replace("#### " + value, "#### " + wrongValue)))),
                            // The answer stated but without ####.
                            TaskAssertions.reply(List.of(
                                    ideal.get(0),
                                    call,
                                    ideal.get(2),
                                    new Part.Text(statement.replace("#### ", "")))),
                            // The tool called but its value never stated: a tool output is not an answer.
                            TaskAssertions.reply(List.of(ideal.get(0), call, new Part.ToolOutput("#### " + value))),
                            // No reply text at all.
                            TaskAssertions.reply(List.of(new Part.Text("I don't know.")))));
            // Reformatting the same number is still right.
            assertEquals(
                    java.util.Optional.of(true),
                    task.check(
                            item,
                            TaskAssertions.reply(
                                    List.of(new Part.Text("#### " + value + (value.contains(".") ? "0" : ".0"))))));
        }
    }

    @Test
    void rendersWithTheMaskOnTheAssistantAndParsesBack() {
        TaskAssertions.rendersAndParsesBack(task, 200);
    }

    /** A small BigDecimal evaluator of the generator's expressions, independent of the generator's own arithmetic. */
    static final class Expressions {
        private static final Pattern TOKEN = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|[-+*/()])");

        static BigDecimal eval(String s) {
            Matcher m = TOKEN.matcher(s);
            List<String> tokens = new java.util.ArrayList<>();
            int at = 0;
            while (at < s.length() && m.find(at) && m.start() == at) {
                tokens.add(m.group(1));
                at = m.end();
            }
            assertEquals(s.length(), at, "expression " + s + " has only numbers and + - * / ( )");
            int[] pos = {0};
            BigDecimal v = sum(tokens, pos);
            assertEquals(tokens.size(), pos[0], s);
            return v;
        }

        private static BigDecimal sum(List<String> t, int[] p) {
            BigDecimal v = product(t, p);
            while (p[0] < t.size() && (t.get(p[0]).equals("+") || t.get(p[0]).equals("-"))) {
                String op = t.get(p[0]++);
                BigDecimal r = product(t, p);
                v = op.equals("+") ? v.add(r) : v.subtract(r);
            }
            return v;
        }

        private static BigDecimal product(List<String> t, int[] p) {
            BigDecimal v = atom(t, p);
            while (p[0] < t.size() && (t.get(p[0]).equals("*") || t.get(p[0]).equals("/"))) {
                String op = t.get(p[0]++);
                BigDecimal r = atom(t, p);
                v = op.equals("*") ? v.multiply(r) : v.divide(r); // exact or it throws: divisions must terminate
            }
            return v;
        }

        private static BigDecimal atom(List<String> t, int[] p) {
            String tok = t.get(p[0]++);
            if (tok.equals("(")) {
                BigDecimal v = sum(t, p);
                assertEquals(")", t.get(p[0]++));
                return v;
            }
            return new BigDecimal(tok);
        }
    }
}
