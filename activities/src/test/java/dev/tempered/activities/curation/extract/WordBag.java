package dev.tempered.activities.curation.extract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bag-of-words comparison of extracted text with a label: precision = shared tokens / extracted
 * tokens, recall = shared tokens / label tokens, with counts (multiset overlap). A token is a
 * run of Unicode letters, marks, numbers and underscores, lower-cased; in scripts written
 * without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar) every character is a
 * token, which avoids a segmenter and is the usual character-level measure for them. The same
 * rules are in bench/extract/trafilatura_pr.py, so both extractors are scored alike.
 */
final class WordBag {
    private WordBag() {}

    static Map<String, Integer> of(String text) {
        Map<String, Integer> bag = new HashMap<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (isUnspacedScript(cp)) {
                add(bag, word);
                bag.merge(new String(Character.toChars(cp)), 1, Integer::sum);
            } else if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else {
                add(bag, word);
            }
        }
        add(bag, word);
        return bag;
    }

    static int size(Map<String, Integer> bag) {
        return bag.values().stream().mapToInt(Integer::intValue).sum();
    }

    static int overlap(Map<String, Integer> a, Map<String, Integer> b) {
        int n = 0;
        for (var e : a.entrySet()) n += Math.min(e.getValue(), b.getOrDefault(e.getKey(), 0));
        return n;
    }

    private static void add(Map<String, Integer> bag, StringBuilder word) {
        if (word.length() > 0) bag.merge(word.toString(), 1, Integer::sum);
        word.setLength(0);
    }

    static boolean isWordChar(int cp) {
        if (cp == '_') return true;
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK -> true;
            default -> false;
        };
    }

    static boolean isUnspacedScript(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x20000 && cp <= 0x2FFFF)
                || (cp >= 0x3040 && cp <= 0x30FF)
                || (cp >= 0x31F0 && cp <= 0x31FF)
                || (cp >= 0xFF66 && cp <= 0xFF9F)
                || (cp >= 0x0E00 && cp <= 0x0EFF)
                || (cp >= 0x1780 && cp <= 0x17FF)
                || (cp >= 0x1000 && cp <= 0x109F);
    }
}
