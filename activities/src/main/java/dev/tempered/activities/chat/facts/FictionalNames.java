package dev.tempered.activities.chat.facts;

import java.util.Locale;
import java.util.Random;

/**
 * Pronounceable invented names from syllables, so that no fact of the encyclopedia can be known
 * from web text: a model answers about "Tessa Quorn" only from what the fact documents said.
 */
final class FictionalNames {
    private static final String[] ONSETS = {
        "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kl", "st", "tr",
        "th", "sh", "qu", "w"
    };
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou", "y"};
    private static final String[] CODAS = {"", "", "", "n", "r", "l", "s", "m", "th", "nd", "rk", "x"};

    private FictionalNames() {}

    /** A capitalised word of {@code syllables} syllables. */
    static String word(Random r, int syllables) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            b.append(ONSETS[r.nextInt(ONSETS.length)]).append(VOWELS[r.nextInt(VOWELS.length)]);
            if (i == syllables - 1 || r.nextInt(3) == 0) b.append(CODAS[r.nextInt(CODAS.length)]);
        }
        return b.substring(0, 1).toUpperCase(Locale.ROOT) + b.substring(1);
    }

    /** A person: first and family name. */
    static String person(Random r) {
        return word(r, 2) + " " + word(r, 1 + r.nextInt(2));
    }

    /** A town, sometimes with an English ending ("Velmora", "Dunholm"). */
    static String place(Random r) {
        String[] endings = {"", "", "", "ford", "holm", "wick", "port", "stead"};
        String ending = endings[r.nextInt(endings.length)];
        return word(r, ending.isEmpty() ? 3 : 1 + r.nextInt(2)) + ending;
    }

    /** A product: a brand word and a model number ("Zentrix 40"). */
    static String product(Random r) {
        return word(r, 2) + " " + (10 + r.nextInt(990));
    }
}
