package dev.tempered.activities.curation.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.SampleCorpus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real pages and lines of the sample corpus; page-level reasons match datatrove 0.10.1's. */
class C4QualityFilterTest {
    // Five sentences from the Python tutorial (tutorial/appetite.html), one per line.
    private static final List<String> PROSE = List.of(
            "If you do much work on computers, eventually you find that there’s some task you’d like to automate.",
            "Python is simple to use, but it is a real programming language.",
            "Python allows you to split your program into modules that can be reused in other Python programs.",
            "Python is an interpreted language, which can save you considerable time during program development.",
            "By the way, the language is named after the BBC show “Monty Python’s Flying Circus” and has nothing to do with reptiles.");

    private static Document doc(List<String> lines) {
        return new Document("d", "u", String.join("\n", lines));
    }

    @Test
    void keepsHandbookChapterAndRewritesItToTheKeptLines() {
        String path = "debian-handbook.info/browse/en-US/stable/sect.why-debian.html";
        String original = SampleCorpus.page(path).text();
        Document d = new Document(path, path, original);
        assertEquals(FilterDecision.KEEP, new C4QualityFilter().filter(d));
        assertTrue(d.text().length() < original.length(), "navigation lines without punctuation are removed");
        @SuppressWarnings("unchecked")
        Map<String, Integer> removed = (Map<String, Integer>) d.metadata().get("c4_lines_removed");
        assertTrue(removed.get("no_terminal_punc") > 0);
    }

    @Test
    void aptGetPageWithBracesIsCurlyBracket() {
        String path = "debian-handbook.info/browse/en-US/stable/sect.apt-get.html";
        assertEquals(
                FilterDecision.drop("curly_bracket"),
                new C4QualityFilter()
                        .filter(new Document(path, path, SampleCorpus.page(path).text())));
    }

    @Test
    void chineseIndexHasTooFewSentences() {
        String path = "debian-handbook.info/browse/zh-CN/stable/index.html";
        assertEquals(
                FilterDecision.drop("too_few_sentences"),
                new C4QualityFilter()
                        .filter(new Document(path, path, SampleCorpus.page(path).text())));
    }

    @Test
    void loremIpsumDropsThePage() {
        List<String> lines = new java.util.ArrayList<>(PROSE);
        lines.add("Lorem ipsum dolor sit amet, consectetur adipiscing elit.");
        assertEquals(FilterDecision.drop("lorem_ipsum"), new C4QualityFilter().filter(doc(lines)));
    }

    @Test
    void javascriptLineIsRemovedNotThePage() {
        List<String> lines = new java.util.ArrayList<>(PROSE);
        lines.add(
                2,
                "The json module implements a subset of JavaScript syntax which is sometimes used for configuration, but does not support comments.");
        Document d = doc(lines);
        assertEquals(FilterDecision.KEEP, new C4QualityFilter().filter(d));
        assertFalse(d.text().contains("JavaScript"));
        assertEquals(String.join("\n", PROSE), d.text());
        assertEquals(Map.of("javascript", 1), d.metadata().get("c4_lines_removed"));
    }

    @Test
    void fineWebConfigurationKeepsUnpunctuatedLinesButNotPolicyLines() {
        // "Our Privacy Policy" is a footer line of the hard-ham newsletters.
        List<String> lines = new java.util.ArrayList<>(PROSE);
        lines.add("Our Privacy Policy");
        lines.add("Python Software Foundation documentation");
        Document d = doc(lines);
        assertEquals(FilterDecision.KEEP, C4QualityFilter.fineWeb().filter(d));
        assertTrue(d.text().endsWith("Python Software Foundation documentation"));
        assertFalse(d.text().contains("Privacy"));
        assertEquals(Map.of("policy", 1), d.metadata().get("c4_lines_removed"));

        Document strict = doc(lines);
        assertEquals(FilterDecision.KEEP, new C4QualityFilter().filter(strict));
        assertEquals(Map.of("no_terminal_punc", 2), strict.metadata().get("c4_lines_removed"));
    }

    @Test
    void fourSentencesAreTooFew() {
        assertEquals(FilterDecision.drop("too_few_sentences"), new C4QualityFilter().filter(doc(PROSE.subList(0, 4))));
    }

    @Test
    void citationsAreStripped() {
        List<String> lines = new java.util.ArrayList<>(PROSE);
        lines.set(1, "Python is simple to use, but it is a real programming language.[1]");
        Document d = doc(lines);
        assertEquals(FilterDecision.KEEP, new C4QualityFilter().filter(d));
        assertEquals(String.join("\n", PROSE), d.text());
    }
}
