package dev.tempered.activities.curation.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the top label on held-out real paragraphs (eval-paragraphs.tsv from
 * bench/lang/make_eval_set.py: UDHR articles 11-30 in 64 languages and Debian Handbook
 * paragraphs in 25 locales, none of them in the reference fixture).
 *
 * <p>Two scores. Strict: the label must equal the source language. By macrolanguage: Malay and
 * Indonesian (ISO 639-3 macrolanguage {@code msa}) count as one, as do Serbian, Croatian, Bosnian
 * and Serbo-Croatian ({@code hbs}); lid.176 cannot reliably separate these on formal text (UDHR
 * Malay comes back as {@code id} for 18 of 20 articles), and a curation filter keeping one of
 * them should be configured with all of them.
 */
class LanguageIdAccuracyTest {
    private static final List<Set<String>> MACROLANGUAGES = List.of(Set.of("ms", "id"), Set.of("hr", "sr", "bs", "sh"));

    @Test
    void topLabelAccuracyOnHeldOutParagraphs() throws Exception {
        LanguageIdentifier lid = LanguageIdentifier.lid176();
        List<String[]> rows = TsvFixture.rows("/lang/eval-paragraphs.tsv");
        int strict = 0, macro = 0;
        Map<String, Integer> errors = new TreeMap<>();
        for (String[] r : rows) {
            String want = r[0], got = lid.identify(r[2]).label();
            if (want.equals(got)) strict++;
            if (sameLanguage(want, got)) macro++;
            else errors.merge(want + "->" + got, 1, Integer::sum);
        }
        long languages = rows.stream().map(r -> r[0]).distinct().count();
        double strictAcc = strict / (double) rows.size(), macroAcc = macro / (double) rows.size();
        System.out.printf(
                "accuracy on %d paragraphs, %d languages: strict %.4f, by macrolanguage %.4f; errors %s%n",
                rows.size(), languages, strictAcc, macroAcc, errors);
        assertTrue(languages >= 20, "eval set covers " + languages + " languages");
        assertTrue(macroAcc >= 0.98, "accuracy by macrolanguage " + macroAcc + ", errors " + errors);
        assertTrue(strictAcc >= 0.97, "strict accuracy " + strictAcc);
    }

    private static boolean sameLanguage(String want, String got) {
        if (want.equals(got)) return true;
        for (Set<String> m : MACROLANGUAGES) if (m.contains(want) && m.contains(got)) return true;
        return false;
    }

    @Test
    void macrolanguageRuleIsNarrow() {
        assertTrue(sameLanguage("ms", "id"));
        assertEquals(false, sameLanguage("sl", "hr"));
        assertEquals(false, sameLanguage("no", "da"));
    }
}
