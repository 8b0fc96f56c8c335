package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SplitPatternsTest {

    private static List<String> split(String pattern, String text) {
        return split(SplitPatterns.compile(pattern), text);
    }

    private static List<String> split(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    @Test
    void gpt4SplitsContractionsNumbersPunctuationAndSpaces() {
        assertEquals(
                List.of("Hello", " world", "'s", " ", "123", "45", " test", "!!\n\n", " ", " x"),
                split(SplitPatterns.GPT4, "Hello world's 12345 test!!\n\n  x"));
        // (?i:...) makes contractions case-insensitive.
        assertEquals(List.of("DON", "'T", " go"), split(SplitPatterns.GPT4, "DON'T go"));
    }

    @Test
    void nanochatVariantCutsNumbersInTwos() {
        assertEquals(
                List.of("Hello", " world", "'s", " ", "12", "34", "5", " test", "!!\n\n", " ", " x"),
                split(SplitPatterns.NANOCHAT, "Hello world's 12345 test!!\n\n  x"));
    }

    @Test
    void whitespaceIsUnicodeWhitespaceAsInRustRegex() {
        // U+2003 EM SPACE is \s in Rust's regex. With Java's default ASCII \s the two em spaces
        // would be punctuation and come out as one chunk "\u2003\u2003".
        assertEquals(List.of("x", "\u2003", "\u2003y"), split(SplitPatterns.GPT4, "x\u2003\u2003y"));
        assertEquals(List.of("a", "\u00a0", "\u00a0b"), split(SplitPatterns.GPT4, "a\u00a0\u00a0b"));
    }

    @Test
    void tiktokensPossessiveRewriteSplitsTheSameExceptWhitespaceThatEndsTheText() {
        Pattern classic = SplitPatterns.compile(SplitPatterns.GPT4);
        Pattern possessive = SplitPatterns.compile(SplitPatterns.GPT4_TIKTOKEN_0_14);
        long chunks = 0;
        for (String page : SampleText.pages()) {
            // A letter at the end keeps the page's own trailing whitespace out of the comparison.
            List<String> expected = split(classic, page + "x");
            assertEquals(expected, split(possessive, page + "x"));
            chunks += expected.size();
        }
        assertTrue(chunks > 1_000_000, "sample corpus chunks: " + chunks);
        // The one difference (found by comparing both on 200,000 random short strings): when a
        // text ends in whitespace holding a line break followed by more whitespace, tiktoken
        // 0.14's "\s++$" takes it all as one chunk, where the classic form ends a chunk at the
        // line break ("\s*[\r\n]") and leaves the rest. Only the last chunk of a document.
        assertEquals(List.of("a", "  \n", "  "), split(classic, "a  \n  "));
        assertEquals(List.of("a", "  \n  "), split(possessive, "a  \n  "));
        assertEquals(split(classic, "a  \n"), split(possessive, "a  \n"));
        assertEquals(split(classic, "end  "), split(possessive, "end  "));
    }
}
