package dev.tempered.activities.chat.facts;

import dev.tempered.activities.chat.tasks.HeldOutSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Generates the {@link Encyclopedia} for a seed: invented names for everything (entities, towns,
 * countries, rivers, makers), real words for professions and colours; a random third of the
 * entities of each kind; mention counts by a Zipf law over a random order of the entities, after
 * the unseen share is set to zero; and each entity's split from a stable hash of its name (as
 * {@link HeldOutSplit} does for questions), so it does not depend on the order or the count.
 * {@link Random}'s algorithm is fixed by its specification: the same seed gives the same bytes on
 * every JVM.
 */
public final class EncyclopediaGenerator {
    /** Bump when the encyclopedia changes for any seed: it is part of synthesize's cache key. */
    public static final int VERSION = 1;

    static final List<String> PROFESSIONS = List.of(
            "painter",
            "chemist",
            "sailor",
            "architect",
            "violinist",
            "cartographer",
            "botanist",
            "engineer",
            "poet",
            "astronomer",
            "judge",
            "baker",
            "surgeon",
            "weaver",
            "clockmaker");
    static final List<String> COLOURS =
            List.of("red", "blue", "green", "black", "white", "silver", "yellow", "orange", "grey", "purple");

    private static final int TOWNS = 40;
    private static final int COUNTRIES = 12;
    private static final int RIVERS = 16;
    private static final int MAKERS = 16;

    private EncyclopediaGenerator() {}

    public static Encyclopedia generate(EncyclopediaSettings s, long seed) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 0x66616374L);
        Set<String> used = new HashSet<>();
        List<String> towns = pool(r, TOWNS, used, FictionalNames::place);
        List<String> countries = pool(r, COUNTRIES, used, FictionalNames::place);
        List<String> rivers = pool(r, RIVERS, used, x -> FictionalNames.word(x, 2));
        List<String> makers = pool(r, MAKERS, used, x -> FictionalNames.word(x, 2 + x.nextInt(2)));

        int n = s.entities();
        List<String> names = new ArrayList<>(n);
        List<EntityKind> kinds = new ArrayList<>(n);
        List<Map<String, String>> attributes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EntityKind kind = EntityKind.values()[i % EntityKind.values().length];
            String name = unique(
                    r,
                    used,
                    switch (kind) {
                        case PERSON -> FictionalNames::person;
                        case PLACE -> FictionalNames::place;
                        case PRODUCT -> FictionalNames::product;
                    });
            Map<String, String> a = new LinkedHashMap<>();
            switch (kind) {
                case PERSON -> {
                    a.put("birthplace", pick(r, towns));
                    a.put("birth_year", Integer.toString(1820 + r.nextInt(171)));
                    a.put("profession", pick(r, PROFESSIONS));
                }
                case PLACE -> {
                    a.put("country", pick(r, countries));
                    a.put("founded", Integer.toString(1100 + r.nextInt(801)));
                    a.put("river", pick(r, rivers));
                }
                case PRODUCT -> {
                    a.put("maker", pick(r, makers));
                    a.put("released", Integer.toString(1950 + r.nextInt(71)));
                    a.put("colour", pick(r, COLOURS));
                }
            }
            names.add(name);
            kinds.add(kind);
            attributes.add(a);
        }

        int[] mentions = mentions(s, n, r);
        List<Entity> entities = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entities.add(new Entity(
                    String.format(Locale.ROOT, "e%06d", i),
                    names.get(i),
                    kinds.get(i),
                    attributes.get(i),
                    mentions[i],
                    split(names.get(i), s)));
        }
        return new Encyclopedia(Encyclopedia.FORMAT, seed, s, entities);
    }

    /**
     * Mentions per entity: a random order of the entities, the first {@code unseenFraction} of it
     * never mentioned, the rest by Zipf rank.
     */
    static int[] mentions(EncyclopediaSettings s, int n, Random r) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, r);
        int unseen = (int) Math.round(n * s.unseenFraction());
        int[] m = new int[n];
        for (int k = unseen; k < n; k++) {
            int rank = k - unseen + 1;
            m[order.get(k)] = (int) Math.max(1, Math.round(s.maxMentions() / Math.pow(rank, s.zipfExponent())));
        }
        return m;
    }

    /** The split of the entity named {@code name}: held out when its hash falls below the held-out share. */
    static FactSplit split(String name, EncyclopediaSettings s) {
        return HeldOutSplit.unitHash("facts:" + name) < s.heldoutFraction() ? FactSplit.HELDOUT : FactSplit.TRAIN;
    }

    private static List<String> pool(Random r, int size, Set<String> used, Function<Random, String> f) {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(unique(r, used, f));
        return List.copyOf(out);
    }

    private static String unique(Random r, Set<String> used, Function<Random, String> f) {
        for (int tries = 0; tries < 10_000; tries++) {
            String name = f.apply(r);
            if (used.add(name)) return name;
        }
        throw new IllegalStateException("could not invent a new name in 10,000 tries; ask for fewer entities");
    }

    private static String pick(Random r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}
