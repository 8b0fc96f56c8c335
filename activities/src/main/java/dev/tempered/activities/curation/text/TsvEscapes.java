package dev.tempered.activities.curation.text;

/**
 * The backslash escapes of the TSV files that carry texts between Tempered and its Python peers
 * (the datatrove and fastText reference exports, the bench inputs): a tab, newline or carriage
 * return inside a text is written {@code \t}, {@code \n}, {@code \r}, a backslash {@code \\}, and
 * {@code \0}, {@code \v}, {@code \f} for the rarer controls. Any other escaped character stands for
 * itself, as Python's writers leave it.
 */
public final class TsvEscapes {
    private TsvEscapes() {}

    /** The text a TSV field holds. */
    public static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char e = field.charAt(++i);
            out.append(
                    switch (e) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case '0' -> '\0';
                        case 'v' -> '\u000b';
                        case 'f' -> '\f';
                        default -> e;
                    });
        }
        return out.toString();
    }
}
