package dev.tempered.activities.curation.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.SampleCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real pages of the sample corpus; each expected reason is also datatrove 0.10.1's on that text. */
class GopherQualityFilterTest {
    private final GopherQualityFilter filter = new GopherQualityFilter();

    private FilterDecision on(String path) {
        return filter.filter(new Document(path, path, SampleCorpus.page(path).text()));
    }

    @Test
    void keepsPythonTutorialAndHandbookPages() {
        assertEquals(FilterDecision.KEEP, on("docs.python.org/3.11/tutorial/appetite.html"));
        assertEquals(FilterDecision.KEEP, on("debian-handbook.info/browse/en-US/stable/sect.why-debian.html"));
    }

    @Test
    void shortNewsletterIsShortDoc() {
        assertEquals(
                FilterDecision.drop("gopher_short_doc"),
                on("mail-archive/spamassassin-public-corpus/easy-ham-2/01325.html"));
    }

    @Test
    void catalanPageHasNoEnglishStopWords() {
        assertEquals(
                FilterDecision.drop("gopher_enough_stop_words"),
                on("debian-handbook.info/browse/ca-ES/stable/foreword.html"));
    }

    @Test
    void arabicIndexIsBelowAlphaThreshold() {
        assertEquals(
                FilterDecision.drop("gopher_below_alpha_threshold"),
                on("debian-handbook.info/browse/ar-MA/stable/index.html"));
    }

    @Test
    void japaneseWordsAreTooLongOnAverage() {
        assertEquals(
                FilterDecision.drop("gopher_above_avg_threshold"),
                on("debian-handbook.info/browse/ja-JP/stable/sect.why-debian.html"));
    }

    @Test
    void bulletListIsTooManyBullets() {
        // The feature list of spam-1/00196 and spam-2/01215 (Norton SystemWorks spam).
        List<String> bullets = List.of(
                "- Protect your computer from unwanted and hazardous viruses",
                "- Help secure your private & valuable information",
                "- Allow you to transfer files and send e-mails safely",
                "- Backup your ALL your data quick and easily",
                "- Improve your PC's performance w/superior integral diagnostics!",
                "- You'll NEVER have to take your PC to the repair shop AGAIN!");
        String text = String.join("\n", bullets) + "\n" + String.join("\n", bullets);
        assertEquals(FilterDecision.drop("gopher_too_many_bullets"), filter.filter(new Document("m", "u", text)));
    }

    @Test
    void recordsTheWordCount() {
        Document d = new Document(
                "p",
                "u",
                SampleCorpus.page("docs.python.org/3.11/tutorial/appetite.html").text());
        filter.filter(d);
        assertEquals(true, (Integer) d.metadata().get("gopher_words") > 500);
    }
}
