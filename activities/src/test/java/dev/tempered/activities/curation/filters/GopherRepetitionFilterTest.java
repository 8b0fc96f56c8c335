package dev.tempered.activities.curation.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.SampleCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real pages of the sample corpus; each expected reason is also datatrove 0.10.1's on that text. */
class GopherRepetitionFilterTest {
    private final GopherRepetitionFilter filter = new GopherRepetitionFilter();

    private FilterDecision on(String path) {
        return filter.filter(new Document(path, path, SampleCorpus.page(path).text()));
    }

    @Test
    void keepsAHandbookChapter() {
        assertEquals(FilterDecision.KEEP, on("debian-handbook.info/browse/en-US/stable/sect.why-debian.html"));
        assertEquals(FilterDecision.KEEP, on("docs.python.org/3.11/tutorial/appetite.html"));
    }

    @Test
    void spamFormOfUnderscoreLinesIsDuplicateLineCharacters() {
        // The fax-back form: a dozen identical "____" lines.
        assertEquals(
                FilterDecision.drop("dup_line_char_frac"),
                on("mail-archive/spamassassin-public-corpus/spam-1/00104.html"));
    }

    @Test
    void spamRepeatingItsLinesIsDuplicateLineFraction() {
        // Lines of spam-2/00683, its call to action repeated as in the mail.
        String text = String.join(
                "\n",
                List.of(
                        "new and free!!",
                        "FREE TEEN HARDCORE CLICK HERE!",
                        "new and free!!",
                        "FREE TEEN HARDCORE CLICK HERE!",
                        "Removal Instructions:",
                        "new and free!!"));
        assertEquals(FilterDecision.drop("dup_line_frac"), filter.filter(new Document("m", "u", text)));
    }

    @Test
    void mortgageSpamIsTopTwoGram() {
        assertEquals(
                FilterDecision.drop("top_2_gram"), on("mail-archive/spamassassin-public-corpus/spam-1/00119.html"));
    }

    @Test
    void longRepeatedPassagesAreDuplicatedNGrams() {
        assertEquals(
                FilterDecision.drop("duplicated_6_n_grams"),
                on("mail-archive/spamassassin-public-corpus/spam-2/00205.html"));
        assertEquals(FilterDecision.drop("duplicated_10_n_grams"), on("docs.python.org/3.11/library/cmath.html"));
    }

    @Test
    void emptyTextIsDropped() {
        assertEquals(FilterDecision.drop("empty"), filter.filter(new Document("e", "u", "")));
    }

    @Test
    void nGramHelpersFollowDatatrove() {
        List<String> words = List.of("a", "b", "a", "b", "a", "b", "c");
        // "a b" x3 -> 3 * 3 chars; the first most common wins ties.
        assertEquals(9, GopherRepetitionFilter.topNGramChars(words, 2));
        // "ab" seen at 0, repeated at 2 (+2, skip to 4), "ab" at 4 (+2, skip to 6).
        assertEquals(4, GopherRepetitionFilter.repeatedNGramChars(words, 2));
    }
}
