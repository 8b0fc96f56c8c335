package dev.tempered.activities.chat.facts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Judges an answer to a fact question against the reference value by exact match after
 * normalisation: case folded, accents and punctuation dropped, thousands separators removed
 * ({@code 1,954} is {@code 1954}), whitespace collapsed; the answer is correct when the reference's
 * words appear in it as whole words in order ("It was Velmora, I think." is correct for
 * {@code Velmora}; "Velmoraford" is not). An answer that does not state the reference is a refusal
 * when it holds one of the refusal phrases (normalised the same way), and wrong otherwise: an empty
 * or cut-off answer is wrong too, since it is not an admission of ignorance.
 */
public final class FactJudge {
    /** What marks an answer as "I don't know", normalised. */
    public static final List<String> REFUSAL_PHRASES = List.of(
            "i don t know",
            "i do not know",
            "i m not sure",
            "i am not sure",
            "not sure",
            "i have no reliable information",
            "i have no information",
            "i don t have that",
            "i can t say",
            "i cannot say",
            "no idea",
            "unsure");

    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(\\D|$))");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final List<String> refusals;

    public FactJudge() {
        this(List.of());
    }

    /** @param extraRefusals further phrases that mark a refusal (a pipeline's own refusal wording) */
    public FactJudge(List<String> extraRefusals) {
        List<String> all = new ArrayList<>(REFUSAL_PHRASES);
        for (String s : extraRefusals) {
            String n = normalize(s);
            if (!n.isEmpty()) all.add(n);
        }
        this.refusals = List.copyOf(all);
    }

    public Verdict judge(String answer, String reference) {
        String ref = normalize(reference);
        if (ref.isEmpty()) throw new IllegalArgumentException("a fact question needs a non-empty reference answer");
        String a = " " + normalize(answer) + " ";
        if (a.contains(" " + ref + " ")) return Verdict.CORRECT;
        return isRefusal(a) ? Verdict.REFUSED : Verdict.WRONG;
    }

    /** Whether {@code text} says "I don't know" in one of the known phrasings. */
    public boolean isRefusal(String text) {
        String a = " " + normalize(text) + " ";
        for (String r : refusals) if (a.contains(" " + r + " ")) return true;
        return false;
    }

    /** Lower case, no accents, thousands separators and punctuation turned into single spaces. */
    static String normalize(String s) {
        String t = Normalizer.normalize(s, Normalizer.Form.NFKD);
        t = MARKS.matcher(t).replaceAll("");
        t = THOUSANDS.matcher(t).replaceAll("");
        t = t.replace('’', '\'').toLowerCase(Locale.ROOT);
        return NON_WORD.matcher(t).replaceAll(" ").strip();
    }
}
