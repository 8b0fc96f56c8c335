package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Arithmetic word problems answered with the calculator: the user asks a question from
 * {@link ArithmeticProblems}; the ideal reply says it will compute, calls {@code calc} with the
 * expression, receives the value, states it in a sentence and ends with {@code #### value}:
 *
 * <pre>
 * user:      Ana buys 3 pencils at $1.25 each. How much does Ana pay?
 * assistant: Let me calculate.[calc 3*1.25 → 3.75] The total is $3.75.
 *            #### 3.75
 * </pre>
 *
 * Replies are kept short (about 25 tokens with a 4k vocabulary) because the demo model's context is
 * 128 tokens. The checker compares the {@link FinalAnswer}; it does not require the tool, so the same
 * checker scores a model run with the tool and without it.
 */
public final class ArithmeticTask implements ChatTask {
    public static final String NAME = "arithmetic";

    /** Version 1: the problems and replies above. */
    public static final int VERSION = 1;

    private static final String[] LEADS = {
        "Let me calculate.", "I'll use the calculator.", "Let me work it out.", "Using the calculator:"
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Conversation item(long seed, long index) {
        Random r = ItemRandom.of(NAME, seed, index);
        ArithmeticProblems.Problem p = ArithmeticProblems.next(r);
        String value = ArithmeticProblems.text(p.value());
        List<Part> reply = List.of(
                new Part.Text(ItemRandom.pick(r, LEADS)),
                new Part.ToolCall(Part.ToolCall.CALC, p.expression()),
                new Part.ToolOutput(value),
                new Part.Text(" " + p.statement().apply(value) + "\n" + FinalAnswer.MARKER + " " + value));
        return new Conversation(
                List.of(Message.user(p.question()), Message.assistant(reply)),
                SyntheticSource.NAME,
                NAME,
                SyntheticSource.id(NAME, seed, index));
    }

    @Override
    public Optional<Boolean> check(Conversation item, AssistantReply reply) {
        return Optional.of(FinalAnswer.matches(item, reply));
    }
}
