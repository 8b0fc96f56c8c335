package dev.tempered.activities.curation.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Makes a near-duplicate of a real text by replacing whole sentences, deterministically per seed. */
final class NearDuplicates {
    private static final String[] REPLACEMENTS = {
        "This sentence was rewritten by the Tempered deduplication test to make a near duplicate.",
        "An editor changed this line, as mirrors and scrapers often do, without touching the rest.",
        "Copies of a page drift apart by a sentence or two, which is what MinHash must still catch.",
    };

    private NearDuplicates() {}

    /** {@code text} with {@code count} of its sentences (split after ". ") replaced by made-up ones. */
    static String replaceSentences(String text, int count, long seed) {
        List<String> sentences = new ArrayList<>(List.of(text.split("(?<=\\. )")));
        Random random = new Random(seed);
        for (int i = 0; i < count && !sentences.isEmpty(); i++) {
            int at = random.nextInt(sentences.size());
            sentences.set(at, REPLACEMENTS[i % REPLACEMENTS.length] + " ");
        }
        return String.join("", sentences);
    }

    static int sentenceCount(String text) {
        return text.split("(?<=\\. )").length;
    }
}
