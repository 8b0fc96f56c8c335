package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The answer convention of the checkable tasks (nanochat's, from GSM8K): the assistant's reply ends
 * with {@code #### <answer>}. The answer is read from the reply's text parts only, after the last
 * {@code ####}, up to the end of that line, and normalised: surrounding space and a trailing period
 * removed, thousands separators removed ({@code 1,234}), numbers written canonically ({@code 3.0} →
 * {@code 3}, {@code 0.50} → {@code 0.5}). A number that only appears in a tool's output is not an
 * answer: the model has to state it.
 */
public final class FinalAnswer {
    /** What precedes the answer. */
    public static final String MARKER = "####";

    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(\\D|$))");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");

    private FinalAnswer() {}

    /** The normalised answer after the last {@link #MARKER} of {@code text}; empty when there is none or it is blank. */
    public static Optional<String> of(String text) {
        int at = text.lastIndexOf(MARKER);
        if (at < 0) return Optional.empty();
        String rest = text.substring(at + MARKER.length());
        int newline = rest.indexOf('\n');
        String answer = normalize(newline < 0 ? rest : rest.substring(0, newline));
        return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
    }

    /** {@code s} trimmed, without a trailing period or thousands separators, numbers canonical. */
    public static String normalize(String s) {
        String t = s.strip();
        while (t.endsWith(".")) t = t.substring(0, t.length() - 1).strip();
        t = THOUSANDS.matcher(t).replaceAll("");
        if (NUMBER.matcher(t).matches()) {
            BigDecimal d = new BigDecimal(t).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        return t;
    }

    /**
     * Whether {@code reply}'s answer equals the answer of {@code item}'s ideal reply (its last message).
     *
     * @throws IllegalArgumentException naming the item when its own reply has no answer (a generator bug)
     */
    public static boolean matches(Conversation item, AssistantReply reply) {
        String expected = of(item.last().text())
                .orElseThrow(() -> new IllegalArgumentException("item " + item.id() + " of task " + item.task()
                        + " has no '" + MARKER + " <answer>' in its reply; it cannot be checked"));
        return of(reply.text()).map(expected::equals).orElse(false);
    }
}
