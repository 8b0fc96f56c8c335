package dev.tempered.activities.curation.extract;

/**
 * Thresholds of {@link MainTextExtractor}. Character counts are of non-whitespace characters;
 * link density is the share of those characters that sit inside {@code <a href>}.
 *
 * @param maxBytes pages over this many bytes fail with {@code extract:too_large} (10 MB: larger
 *     "pages" are dumps or logs, and jsoup's DOM costs ~10x the bytes in heap)
 * @param minMainChars a {@code <main>}, {@code [role=main]} or {@code <article>} with less text
 *     than this is an empty shell and is not trusted as the main content (100)
 * @param minTextChars less extracted text than this is {@code extract:no_main_content} (20;
 *     short enough to keep one-sentence mails, long enough to reject a lone "Click here")
 * @param minParagraphChars blocks shorter than this give no score to their containers
 *     (25, readability's value: captions and labels say nothing about where the article is)
 * @param ascendShare the best-scoring container is widened to its parent while it holds at least
 *     this share of the parent's text (0.75), so titles and lead paragraphs next to it come along
 * @param ascendShareIfProse ... or at least this share (0.3) when the rest of the parent is prose
 *     (link density at most {@code maxProseLinkDensity}): long pages spread over sections
 * @param maxProseLinkDensity text at or below this link density is prose, not navigation (0.2)
 * @param siblingScoreRatio siblings of the chosen container scoring at least this share of its
 *     score are content too (0.2, readability's value)
 * @param maxBlockLinkDensity a rendered block (one line) above this link density is navigation
 *     and dropped (0.6: a sentence with a few inline links stays, a row of links goes)
 * @param maxListLinkDensity a list, table or div above this link density is a link list and
 *     dropped whole (0.5)
 * @param headerKeepChars a {@code <header>} with at least this much non-link text is content,
 *     not a banner (200: some pages, e.g. the UDHR, put a whole preamble in {@code <header>})
 * @param wrapperShare an element whose class or id looks like chrome but that holds more than
 *     this share of the page's text is a layout wrapper and is kept (0.5)
 */
public record ExtractionConfig(
        long maxBytes,
        int minMainChars,
        int minTextChars,
        int minParagraphChars,
        double ascendShare,
        double ascendShareIfProse,
        double maxProseLinkDensity,
        double siblingScoreRatio,
        double maxBlockLinkDensity,
        double maxListLinkDensity,
        int headerKeepChars,
        double wrapperShare) {

    public static final ExtractionConfig DEFAULTS =
            new ExtractionConfig(10L << 20, 100, 20, 25, 0.75, 0.3, 0.2, 0.2, 0.6, 0.5, 200, 0.5);

    public ExtractionConfig {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
        if (ascendShare <= 0 || ascendShare > 1)
            throw new IllegalArgumentException("ascendShare must be in (0, 1], got " + ascendShare);
        if (maxBlockLinkDensity <= 0 || maxBlockLinkDensity > 1) {
            throw new IllegalArgumentException("maxBlockLinkDensity must be in (0, 1], got " + maxBlockLinkDensity);
        }
        if (maxListLinkDensity <= 0 || maxListLinkDensity > 1) {
            throw new IllegalArgumentException("maxListLinkDensity must be in (0, 1], got " + maxListLinkDensity);
        }
    }
}
