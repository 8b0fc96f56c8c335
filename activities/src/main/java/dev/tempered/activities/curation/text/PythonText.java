package dev.tempered.activities.curation.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The few Python string operations datatrove's heuristics rely on, with Python's exact meaning,
 * so that ratios computed here match the reference to the character: {@code len} counts code
 * points (not UTF-16 units), {@code splitlines} breaks on every Unicode line boundary Python
 * knows, {@code strip} removes Unicode whitespace, and {@code findDuplicates} is datatrove's
 * {@code find_duplicates}.
 */
public final class PythonText {
    private PythonText() {}

    public static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Python's {@code str.isspace} for one code point. */
    public static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85;
    }

    public static String strip(String s) {
        return rstrip(lstrip(s));
    }

    public static String lstrip(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
        return s.substring(i);
    }

    public static String rstrip(String s) {
        int j = s.length();
        while (j > 0 && isSpace(s.codePointBefore(j))) j -= Character.charCount(s.codePointBefore(j));
        return s.substring(0, j);
    }

    /** Python's {@code str.split()} without arguments: runs of whitespace, no empty strings. */
    public static List<String> splitWhitespace(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            int start = i;
            while (i < n && !isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (start < i) out.add(s.substring(start, i));
        }
        return out;
    }

    /** Python's {@code str.splitlines()}: no trailing empty line, {@code \r\n} counts once. */
    public static List<String> splitlines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean brk = c == '\n'
                    || c == '\r'
                    || c == 0x0B
                    || c == 0x0C
                    || (c >= 0x1C && c <= 0x1E)
                    || c == 0x85
                    || c == 0x2028
                    || c == 0x2029;
            if (brk) {
                out.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
            i++;
        }
        if (start < s.length()) out.add(s.substring(start));
        return out;
    }

    /** datatrove's {@code find_duplicates}: {duplicate elements, code points in them}. */
    public static long[] findDuplicates(List<String> elements) {
        Set<String> seen = new HashSet<>();
        long dupElements = 0;
        long dupChars = 0;
        for (String e : elements) {
            if (!seen.add(e)) {
                dupElements++;
                dupChars += len(e);
            }
        }
        return new long[] {dupElements, dupChars};
    }

    /** Python's {@code str.count}: non-overlapping occurrences. */
    public static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }
}
