package dev.tempered.activities.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@link PreTokenizer} over {@code java.util.regex}, for any pattern in tiktoken's syntax.
 *
 * <p>Rust's regex semantics are reproduced with two changes: the pattern is compiled with
 * {@link Pattern#UNICODE_CHARACTER_CLASS}, so {@code \s}, {@code \d}, {@code \w} and {@code (?i)}
 * are Unicode-aware as in Rust (without it Java's {@code \s} is ASCII only), and an unescaped
 * {@code $} outside a character class becomes {@code \z}, because Rust's {@code $} means end of
 * text while Java's also matches before a final line terminator.
 *
 * <p>Not handled: Rust-only syntax that Java rejects (it fails here with the pattern and the
 * position Java reports) and the Unicode-version caveat of {@link PreTokenizer}.
 */
final class RegexPreTokenizer implements PreTokenizer {
    private final String pattern;
    private final Pattern compiled;

    RegexPreTokenizer(String pattern) {
        this.pattern = pattern;
        try {
            this.compiled = Pattern.compile(toJava(pattern), Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "pre-tokenizer pattern does not compile at index " + e.getIndex() + ": " + e.getDescription()
                            + " in " + pattern,
                    e);
        }
    }

    @Override
    public String pattern() {
        return pattern;
    }

    @Override
    public void split(CharSequence text, int from, int to, ChunkSink sink) {
        // Anchoring bounds make \z match at `to`; opaque bounds hide what follows from lookaheads.
        Matcher m = compiled.matcher(text).region(from, to);
        while (m.find()) {
            if (m.end() > m.start()) sink.chunk(m.start(), m.end());
        }
    }

    /** Rust's end-of-text {@code $} as Java's {@code \z}; everything else is passed through. */
    static String toJava(String rust) {
        StringBuilder out = new StringBuilder(rust.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < rust.length(); i++) {
            char c = rust.charAt(i);
            if (c == '\\' && i + 1 < rust.length()) {
                out.append(c).append(rust.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '$' && !inClass) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
