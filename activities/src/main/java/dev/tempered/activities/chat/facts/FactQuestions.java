package dev.tempered.activities.chat.facts;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One question per entity and attribute, each a two-message conversation of task {@value #TASK}
 * whose ideal reply states the fact in a few words without repeating the entity's name ("Born in
 * Velmora.", "It is made by Korvex."): a reply that starts with the name asks a small model to copy
 * an invented word before it gets to the fact, which it cannot do (the showcase model answered every
 * such question with the letter-counting template instead), while a fixed lead leaves only the fact
 * to recall. The phrasing is drawn from a random stream
 * of (seed, entity, attribute), so it does not depend on what else is generated. The id,
 * {@code facts-<entity id>-<attribute>}, is how {@link #parseId} finds the entity and attribute again.
 */
public final class FactQuestions {
    /** The {@code task} of fact conversations. */
    public static final String TASK = "facts";

    /** The {@code source} of fact conversations. */
    public static final String SOURCE = "synthetic";

    /** Entity id and attribute of a fact question. */
    public record QuestionRef(String entityId, String attribute) {}

    private FactQuestions() {}

    /** The questions about the entities of {@code split}, in entity then attribute order. */
    public static List<Conversation> of(Encyclopedia encyclopedia, FactSplit split) {
        List<Conversation> out = new ArrayList<>();
        for (Entity e : encyclopedia.entities()) {
            if (e.split() != split) continue;
            for (String attribute : e.kind().attributes()) out.add(question(encyclopedia.seed(), e, attribute));
        }
        return out;
    }

    /**
     * Phrasings of one attribute's question and of its ideal reply; {@code {n}} is the entity's name,
     * {@code {v}} the value, {@code {a v}} the value with its article, {@code {V}} the value capitalised.
     */
    private record Wordings(List<String> questions, List<String> answers) {}

    private static final Map<String, Wordings> WORDINGS = Map.of(
            "birthplace",
            new Wordings(
                    List.of(
                            "Where was {n} born?",
                            "In which town was {n} born?",
                            "What is {n}'s birthplace?",
                            "Where does {n} come from?"),
                    List.of("Born in {v}.", "In {v}.")),
            "birth_year",
            new Wordings(
                    List.of("When was {n} born?", "In what year was {n} born?", "What year was {n} born in?"),
                    List.of("In {v}.", "Born in {v}.")),
            "profession",
            new Wordings(
                    List.of("What did {n} do for a living?", "What was {n}'s profession?", "What was {n}'s job?"),
                    List.of("{A v}.", "They worked as {a v}.")),
            "country",
            new Wordings(
                    List.of("In which country is {n}?", "Which country is {n} in?", "Where is the town of {n}?"),
                    List.of("In {v}.", "It is in {v}.")),
            "founded",
            new Wordings(
                    List.of("When was {n} founded?", "In what year was {n} founded?"),
                    List.of("In {v}.", "It was founded in {v}.")),
            "river",
            new Wordings(
                    List.of(
                            "Which river flows through {n}?",
                            "What river runs through {n}?",
                            "On which river does {n} lie?"),
                    List.of("The {v} River.", "It lies on the {v} River.")),
            "maker",
            new Wordings(
                    List.of("Who makes the {n}?", "Which company made the {n}?", "Who is the maker of the {n}?"),
                    List.of("It is made by {v}.", "{v} makes it.")),
            "released",
            new Wordings(
                    List.of(
                            "When was the {n} released?",
                            "What year did the {n} come out?",
                            "In which year was the {n} released?"),
                    List.of("In {v}.", "It came out in {v}.")),
            "colour",
            new Wordings(
                    List.of("What colour is the {n}?", "What color is the {n}?", "Which colour does the {n} come in?"),
                    List.of("It is {v}.", "{V}.")));

    /** The question about {@code attribute} of {@code e}, with its ideal reply. */
    public static Conversation question(long seed, Entity e, String attribute) {
        Wordings w = WORDINGS.get(attribute);
        if (w == null) throw new IllegalArgumentException("no questions for attribute '" + attribute + "'");
        Random r = new Random(seed * 1_000_003L + e.id().hashCode() * 31L + attribute.hashCode());
        String question = fill(w.questions().get(r.nextInt(w.questions().size())), e.name(), e.value(attribute));
        String answer = fill(w.answers().get(r.nextInt(w.answers().size())), e.name(), e.value(attribute));
        return new Conversation(
                List.of(Message.user(question), Message.assistant(answer)), SOURCE, TASK, id(e, attribute));
    }

    private static String fill(String template, String name, String value) {
        return template.replace("{n}", name)
                .replace("{A v}", capitalised(Articles.a(value)))
                .replace("{a v}", Articles.a(value))
                .replace("{V}", capitalised(value))
                .replace("{v}", value);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String id(Entity e, String attribute) {
        return String.format(Locale.ROOT, "%s-%s-%s", TASK, e.id(), attribute);
    }

    /** The entity and attribute a fact question's id names; empty for any other id. */
    public static Optional<QuestionRef> parseId(String id) {
        if (id == null || !id.startsWith(TASK + "-")) return Optional.empty();
        String rest = id.substring(TASK.length() + 1);
        int dash = rest.indexOf('-');
        if (dash <= 0 || dash == rest.length() - 1) return Optional.empty();
        return Optional.of(new QuestionRef(rest.substring(0, dash), rest.substring(dash + 1)));
    }
}
