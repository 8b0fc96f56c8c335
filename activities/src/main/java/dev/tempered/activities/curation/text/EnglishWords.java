package dev.tempered.activities.curation.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * English word and sentence splitting as datatrove 0.10.1 does it for language {@code en}:
 * there {@code split_into_words} is spaCy's rule-based tokenizer ({@code spacy.blank("en")}) and
 * {@code split_into_sentences} its {@code sentencizer}, with whitespace-only tokens dropped.
 *
 * <p>This is an approximation of spaCy written from its published rules, not a port. It splits on
 * whitespace, then peels prefixes (opening quotes and brackets, currency signs, {@code § % = + —}),
 * suffixes (closing punctuation, ellipses, {@code 's}, {@code n't}, {@code 're}-style clitics, a
 * period after a lowercase letter, digit or two capitals) and infixes (a hyphen, comma, slash,
 * colon or {@code <>=} between letters, a period between a lowercase and an uppercase letter,
 * arithmetic signs between digits). URLs, e-mail addresses and the common abbreviations
 * ({@code e.g.}, {@code Mr.}, {@code U.S.}) stay whole. It does not reproduce spaCy's full
 * exception table (emoticons, {@code gonna}, {@code 'cause}) nor its unit splits ({@code 10km}),
 * so token counts can differ by a few per cent on unusual text; the filters' decisions agree
 * with datatrove's on the sample corpus (see {@code bench/curation}).
 */
public final class EnglishWords {
    // spaCy's LIST_PUNCT, LIST_QUOTES and LIST_CURRENCY, plus its extra prefixes and suffixes.
    private static final String PUNCT = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪\"'`‘´’‚„»«「」『』（）〔〕【】《》〈〉⟦⟧“”";
    private static final String OPEN = PUNCT + "$£€¥₹§%=—–+";
    private static final String CLOSE = PUNCT + "—–%°";
    private static final Set<String> CLITICS = Set.of(
            "'s", "'S", "’s", "’S", "'m", "'M", "'d", "'D", "'re", "'RE", "'ve", "'VE", "'ll", "'LL", "’m", "’d", "’re",
            "’ve", "’ll");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g.",
            "i.e.",
            "E.g.",
            "I.e.",
            "vs.",
            "Mr.",
            "Mrs.",
            "Ms.",
            "Dr.",
            "St.",
            "Jr.",
            "Sr.",
            "Inc.",
            "Ltd.",
            "Co.",
            "Corp.",
            "a.m.",
            "p.m.",
            "U.S.",
            "U.S.A.",
            "U.K.",
            "Jan.",
            "Feb.",
            "Mar.",
            "Apr.",
            "Jun.",
            "Jul.",
            "Aug.",
            "Sep.",
            "Sept.",
            "Oct.",
            "Nov.",
            "Dec.",
            "Prof.",
            "Gen.",
            "Gov.",
            "Rev.",
            "Mt.",
            "Ph.D.",
            "cf.",
            "viz.",
            "and/or",
            // Emoticons and quote pairs spaCy keeps whole.
            "):",
            ":)",
            "(:",
            ":(",
            ":]",
            "[:",
            "=)",
            "(=",
            ":-)",
            ":-(",
            ":')",
            ";)",
            ";-)",
            "''",
            "8)",
            ":p",
            ":P",
            "<3",
            ":D",
            "xD",
            "^_^",
            "-_-",
            ":/",
            ":|",
            "=]",
            "=[",
            ":>",
            "<33");
    /** spaCy's special cases for contractions written without an apostrophe. */
    private static final java.util.Map<String, List<String>> SPECIAL = java.util.Map.ofEntries(
            java.util.Map.entry("cannot", List.of("can", "not")),
            java.util.Map.entry("Cannot", List.of("Can", "not")),
            java.util.Map.entry("id", List.of("i", "d")),
            java.util.Map.entry("Id", List.of("I", "d")),
            java.util.Map.entry("wed", List.of("we", "d")),
            java.util.Map.entry("Wed", List.of("We", "d")),
            java.util.Map.entry("Im", List.of("I", "m")),
            java.util.Map.entry("Hes", List.of("He", "s")),
            java.util.Map.entry("dont", List.of("do", "nt")),
            java.util.Map.entry("Dont", List.of("Do", "nt")),
            java.util.Map.entry("wont", List.of("wo", "nt")),
            java.util.Map.entry("cant", List.of("ca", "nt")),
            java.util.Map.entry("gonna", List.of("gon", "na")));

    private static final Pattern UNIT_SUFFIX = Pattern.compile("(?<=[0-9])(?:am|pm|km|kg|cm|mm|mb|gb|kb|MB|GB|KB|ms)$");
    private static final Pattern DOTS = Pattern.compile("\\.{2,}");
    /** spaCy's URL_MATCH, roughly: an optional scheme, dotted host with a 2+ letter TLD, optional path. */
    private static final Pattern URL_MATCH = Pattern.compile(
            "(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:[^\\s/?#.@]+@)?(?:[\\p{L}0-9_-]+\\.)+[a-z\\u00a1-\\uffff&&[^\\p{Lu}]]{2,63}"
                    + "(?::\\d{2,5})?(?:[/?#]\\S*)?");

    private static final Pattern URL_LIKE =
            Pattern.compile("(?i)(?:[a-z][a-z0-9+.-]*://|www\\.)[^\\s]+|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern INFIX = Pattern.compile(
            "(?<=[\\p{L}0-9])(?:--?-?|[–—~])(?=\\p{L})" // well-known, 3-4
                    + "|(?<=\\p{L}),(?=\\p{L})" // a,b
                    + "|(?<=[\\p{L}0-9])[:<>=/](?=\\p{L})" // and/or, key=value
                    + "|(?<=\\p{Ll})\\.(?=\\p{Lu})" // end.Start
                    + "|(?<=[0-9])[+*^-](?=[0-9-])" // 3+4, 2-3
                    + "|…|\\.\\.\\.+");

    private EnglishWords() {}

    /** The words of {@code text}, punctuation tokens included, as datatrove's {@code split_into_words}. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
            if (start < i) {
                List<String> chunk = new ArrayList<>();
                splitChunk(text.substring(start, i), chunk);
                mergeSpecials(chunk, out);
            }
        }
        return out;
    }

    /**
     * spaCy re-joins neighbouring pieces of one whitespace chunk that together spell a special case
     * ({@code foo):} gives {@code foo} and {@code ):}); this merges runs of two or three.
     */
    private static void mergeSpecials(List<String> chunk, List<String> out) {
        for (int i = 0; i < chunk.size(); i++) {
            int merged = 0;
            for (int len = 3; len >= 2 && merged == 0; len--) {
                if (i + len > chunk.size()) continue;
                String joined = String.join("", chunk.subList(i, i + len));
                if (ABBREVIATIONS.contains(joined) || CLITICS.contains(joined)) {
                    out.add(joined);
                    merged = len;
                }
            }
            if (merged > 0) i += merged - 1;
            else out.add(chunk.get(i));
        }
    }

    private static void splitChunk(String chunk, List<String> out) {
        List<String> suffixes = new ArrayList<>();
        String s = chunk;
        while (!s.isEmpty()) {
            if (ABBREVIATIONS.contains(s)
                    || isLetterPeriod(s)
                    || URL_LIKE.matcher(s).matches()) {
                out.add(s);
                s = "";
                break;
            }
            List<String> special = SPECIAL.get(s);
            if (special != null) {
                out.addAll(special);
                s = "";
                break;
            }
            int prefix = prefixLength(s);
            if (prefix > 0) {
                out.add(s.substring(0, prefix));
                s = s.substring(prefix);
                continue;
            }
            int suffix = suffixLength(s);
            if (suffix > 0 && suffix < s.length()) {
                suffixes.add(s.substring(s.length() - suffix));
                s = s.substring(0, s.length() - suffix);
                continue;
            }
            if (suffix == s.length()) {
                out.add(s);
                s = "";
                break;
            }
            if (URL_MATCH.matcher(s).matches()) out.add(s);
            else splitInfixes(s, out);
            s = "";
        }
        for (int k = suffixes.size() - 1; k >= 0; k--) out.add(suffixes.get(k));
    }

    private static boolean isLetterPeriod(String s) {
        return s.length() == 2 && s.charAt(1) == '.' && Character.isLetter(s.charAt(0));
    }

    private static int prefixLength(String s) {
        var dots = DOTS.matcher(s);
        if (dots.lookingAt()) return dots.end();
        int cp = s.codePointAt(0);
        if (cp == '+' && s.length() > 1 && Character.isDigit(s.charAt(1))) return 0;
        if (Character.getType(cp) == Character.OTHER_SYMBOL && s.length() > Character.charCount(cp)) {
            return Character.charCount(cp);
        }
        if (s.length() > Character.charCount(cp) && OPEN.indexOf(cp) >= 0) return Character.charCount(cp);
        return 0;
    }

    private static int suffixLength(String s) {
        int dots = 0;
        while (dots < s.length() && s.charAt(s.length() - 1 - dots) == '.') dots++;
        if (dots >= 2) return dots;
        if (CLITICS.contains(s)) return s.length();
        var unit = UNIT_SUFFIX.matcher(s);
        if (unit.find()) return unit.end() - unit.start();
        if (s.length() > 1 && s.endsWith("+") && Character.isDigit(s.charAt(s.length() - 2))) return 1;
        for (String clitic : CLITICS) {
            if (s.length() > clitic.length() && s.endsWith(clitic)) return clitic.length();
        }
        if (s.length() > 3 && (s.endsWith("n't") || s.endsWith("n’t") || s.endsWith("N'T"))) return 3;
        int cp = s.codePointBefore(s.length());
        if (CLOSE.indexOf(cp) >= 0 || Character.getType(cp) == Character.OTHER_SYMBOL) return Character.charCount(cp);
        if (cp == '.' && s.length() > 1) {
            char before = s.charAt(s.length() - 2);
            boolean twoCaps =
                    s.length() > 2 && Character.isUpperCase(before) && Character.isUpperCase(s.charAt(s.length() - 3));
            boolean caseless = Character.isLetter(before) && !Character.isUpperCase(before);
            if (caseless
                    || Character.isDigit(before)
                    || twoCaps
                    || PUNCT.indexOf(before) >= 0
                    || "%²-+".indexOf(before) >= 0) return 1;
        }
        return 0;
    }

    private static void splitInfixes(String s, List<String> out) {
        var m = INFIX.matcher(s);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) out.add(s.substring(last, m.start()));
            if (m.end() > m.start()) out.add(s.substring(m.start(), m.end()));
            last = m.end();
        }
        if (last < s.length()) out.add(s.substring(last));
    }

    /**
     * How many sentences datatrove's {@code split_into_sentences} finds in one line: spaCy's
     * sentencizer starts a sentence at the first non-punctuation token after a token that is a
     * sentence-final mark. Never less than one for non-blank text, as in datatrove.
     */
    public static int sentenceCount(String line) {
        List<String> tokens = words(line);
        int sentences = 1;
        boolean seenFinal = false;
        for (String t : tokens) {
            boolean isFinal = t.codePointCount(0, t.length()) == 1 && isSentenceFinal(t.codePointAt(0));
            if (seenFinal && !isFinal && !isAllPunctuation(t)) {
                sentences++;
                seenFinal = false;
            }
            if (isFinal) seenFinal = true;
        }
        return sentences;
    }

    private static boolean isSentenceFinal(int cp) {
        return cp == '.' || cp == '!' || cp == '?' || cp == '。' || cp == '｡' || cp == '！' || cp == '？' || cp == '؟'
                || cp == '۔' || cp == '।' || cp == '॥' || cp == '‼' || cp == '‽' || cp == '⁇' || cp == '⁈' || cp == '⁉'
                || cp == '﹒' || cp == '﹖' || cp == '﹗' || cp == '．';
    }

    private static boolean isAllPunctuation(String t) {
        return t.codePoints().allMatch(cp -> {
            int type = Character.getType(cp);
            return type == Character.CONNECTOR_PUNCTUATION
                    || type == Character.DASH_PUNCTUATION
                    || type == Character.START_PUNCTUATION
                    || type == Character.END_PUNCTUATION
                    || type == Character.INITIAL_QUOTE_PUNCTUATION
                    || type == Character.FINAL_QUOTE_PUNCTUATION
                    || type == Character.OTHER_PUNCTUATION;
        });
    }
}
