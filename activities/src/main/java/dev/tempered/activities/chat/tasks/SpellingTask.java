package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Letter counting, nanochat's SpellingBee shape: the user asks how many times a letter occurs in a
 * word; the ideal reply spells the word with a running count at each hit, checks with the
 * calculator's letter-count form {@code 'word'.count('x')}, states the count and ends with
 * {@code #### n}:
 *
 * <pre>
 * user:      How many 'r' are in 'mirror'?
 * assistant: Spelling it out: m,i,r(1),r(2),o,r(3). Let me check:['mirror'.count('r') → 3] There are 3 'r' in 'mirror'.
 *            #### 3
 * </pre>
 *
 * Four in five questions ask for a letter of the word, the rest for a letter it lacks (answer 0).
 * Words come from {@link WordList}; the split key is the word, so a held-out word is never trained
 * on under any phrasing or letter.
 */
public final class SpellingTask implements ChatTask {
    public static final String NAME = "spelling";

    /** Version 1: the phrasings and replies above over the word list's 1,000 words. */
    public static final int VERSION = 1;

    private static final String[] QUESTIONS = {
        "How many '%2$s' are in '%1$s'?",
        "How many times does the letter %2$s appear in %1$s?",
        "Count the letter '%2$s' in the word '%1$s'.",
        "In the word \"%1$s\", how many %2$s's are there?",
        "How often does '%2$s' occur in '%1$s'?",
        "How many %2$s's does the word %1$s have?",
        "Spell '%1$s' and count its '%2$s' letters.",
        "How many letters '%2$s' are in the word %1$s?"
    };

    private static final String[] LEADS = {"Spelling it out: ", "Letter by letter: ", "Let me spell it: "};
    private static final String[] CHECKS = {" Let me check:", " Checking with the tool:", " Let me verify:"};

    private final List<String> words;

    public SpellingTask() {
        this(WordList.english());
    }

    public SpellingTask(List<String> words) {
        if (words.isEmpty()) throw new IllegalArgumentException("the spelling task needs words");
        this.words = List.copyOf(words);
    }

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
        String word = words.get(r.nextInt(words.size()));
        char letter = r.nextInt(5) == 0 ? absentLetter(word, r) : word.charAt(r.nextInt(word.length()));
        String question = String.format(java.util.Locale.ROOT, ItemRandom.pick(r, QUESTIONS), word, letter);
        StringBuilder spelled = new StringBuilder(ItemRandom.pick(r, LEADS));
        int count = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (i > 0) spelled.append(',');
            spelled.append(c);
            if (c == letter) spelled.append('(').append(++count).append(')');
        }
        spelled.append('.').append(ItemRandom.pick(r, CHECKS));
        String n = Integer.toString(count);
        String statement = count == 1
                ? "There is 1 '" + letter + "' in '" + word + "'."
                : "There are " + n + " '" + letter + "' in '" + word + "'.";
        List<Part> reply = List.of(
                new Part.Text(spelled.toString()),
                new Part.ToolCall(Part.ToolCall.CALC, "'" + word + "'.count('" + letter + "')"),
                new Part.ToolOutput(n),
                new Part.Text(" " + statement + "\n" + FinalAnswer.MARKER + " " + n));
        return new Conversation(
                List.of(Message.user(question), Message.assistant(reply)),
                SyntheticSource.NAME,
                NAME,
                SyntheticSource.id(NAME, seed, index));
    }

    /** The word asked about, read from the ideal reply's letter-count tool call. */
    @Override
    public String splitKey(Conversation item) {
        for (Part p : item.last().parts()) {
            if (p instanceof Part.ToolCall call) {
                String input = call.input();
                int end = input.indexOf('\'', 1);
                if (input.startsWith("'") && end > 0) return input.substring(1, end);
            }
        }
        throw new IllegalArgumentException(
                "item " + item.id() + " has no letter-count tool call to take its word from");
    }

    @Override
    public Optional<Boolean> check(Conversation item, AssistantReply reply) {
        return Optional.of(FinalAnswer.matches(item, reply));
    }

    private static char absentLetter(String word, Random r) {
        for (int tries = 0; tries < 26; tries++) {
            char c = (char) ('a' + r.nextInt(26));
            if (word.indexOf(c) < 0) return c;
        }
        for (char c = 'a'; c <= 'z'; c++) if (word.indexOf(c) < 0) return c;
        return word.charAt(0);
    }
}
