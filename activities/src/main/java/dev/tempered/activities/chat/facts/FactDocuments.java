package dev.tempered.activities.chat.facts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The pretraining text of the fact task: for every entity, as many short encyclopedia paragraphs
 * as its {@link Entity#mentions()}, each stating all three attributes in one of several phrasings
 * with a restatement or a remark, so that a often-mentioned entity is seen in many wordings (what
 * lets a model answer questions about a fact rather than recite one sentence). Documents come out
 * shuffled by the seed, so that a model reading them in order does not see one entity's all at once.
 */
public final class FactDocuments {
    /** One paragraph about one entity. */
    public record FactDocument(String id, String entity, String text) {}

    private FactDocuments() {}

    public static List<FactDocument> of(Encyclopedia encyclopedia) {
        List<FactDocument> out = new ArrayList<>();
        for (Entity e : encyclopedia.entities()) {
            for (int k = 0; k < e.mentions(); k++) {
                Random r = new Random(encyclopedia.seed() * 31 + e.id().hashCode() * 1_000_003L + k);
                out.add(new FactDocument(
                        String.format(Locale.ROOT, "facts-%s-d%03d", e.id(), k), e.id(), paragraph(e, r)));
            }
        }
        Collections.shuffle(out, new Random(encyclopedia.seed()));
        return out;
    }

    static String paragraph(Entity e, Random r) {
        List<String> sentences = new ArrayList<>();
        sentences.add(pick(r, intros(e)));
        List<String> more = new ArrayList<>(restatements(e));
        Collections.shuffle(more, r);
        sentences.addAll(more.subList(0, 1 + r.nextInt(2)));
        return String.join(" ", sentences);
    }

    private static List<String> intros(Entity e) {
        String n = e.name();
        return switch (e.kind()) {
            case PERSON -> {
                String b = e.value("birthplace");
                String y = e.value("birth_year");
                String p = e.value("profession");
                yield List.of(
                        n + " was " + Articles.a(p) + " born in " + b + " in " + y + ".",
                        "Born in " + y + " in the town of " + b + ", " + n + " worked as " + Articles.a(p) + ".",
                        n + " (born " + y + ") was " + Articles.a(p) + " from " + b + ".",
                        "The " + p + " " + n + " was born in " + b + " in the year " + y + ".");
            }
            case PLACE -> {
                String c = e.value("country");
                String f = e.value("founded");
                String v = e.value("river");
                yield List.of(
                        n + " is a town in " + c + ", founded in " + f + " on the " + v + " River.",
                        "Founded in " + f + ", " + n + " lies on the banks of the " + v + " River in " + c + ".",
                        "The " + v + " River runs through " + n + ", a town in " + c + " that was founded in " + f
                                + ".",
                        n + ", in " + c + ", dates from " + f + "; the " + v + " River flows through it.");
            }
            case PRODUCT -> {
                String m = e.value("maker");
                String y = e.value("released");
                String k = e.value("colour");
                yield List.of(
                        "The " + n + " is a " + k + " device made by " + m + " and released in " + y + ".",
                        m + " released the " + n + " in " + y + "; it came in " + k + ".",
                        "Released in " + y + ", the " + n + " from " + m + " was sold only in " + k + ".",
                        "The " + k + " " + n + " was made by " + m + " and first sold in " + y + ".");
            }
        };
    }

    /** One attribute at a time in other words, or a remark that states nothing new. */
    private static List<String> restatements(Entity e) {
        String n = e.name();
        return switch (e.kind()) {
            case PERSON ->
                List.of(
                        n + " grew up in " + e.value("birthplace") + ".",
                        "As " + Articles.a(e.value("profession")) + ", " + n + " was known well beyond "
                                + e.value("birthplace") + ".",
                        n + "'s birth year, " + e.value("birth_year") + ", is given in the town records.",
                        "Few records of " + n + " survive, but the ones that do agree on these details.");
            case PLACE ->
                List.of(
                        "Visitors to " + n + " often walk along the " + e.value("river") + " River.",
                        n + " has been part of " + e.value("country") + " since it was founded.",
                        "The people of " + n + " celebrate the founding of " + e.value("founded") + " every summer.",
                        n + " has a small market and an old stone bridge.");
            case PRODUCT ->
                List.of(
                        e.value("maker") + " made several products, and the " + n + " was among the best known.",
                        "Collectors still look for " + e.value("colour") + " copies of the " + n + ".",
                        "Since " + e.value("released") + ", the " + n + " has been sold in many countries.",
                        "Reviews of the " + n + " praised how simple it was to use.");
        };
    }

    private static String pick(Random r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}
