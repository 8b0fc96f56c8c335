package dev.tempered.activities.curation.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Main-content text of an HTML page, for the curation stage (the FineWeb recipe runs
 * trafilatura here). Steps: decode ({@link CharsetDetector}); parse with jsoup; remove what is
 * never text and what the markup says is chrome ({@link BoilerplateRules}); take {@code <main>},
 * {@code [role=main]} or {@code <article>} when the page has one with real text, otherwise score
 * containers readability-style (paragraph text and commas, discounted by link density) and
 * take the best, widened to its parent while it holds most of the parent's text, plus
 * high-scoring siblings; render one block per line, dropping link-dense lists and lines
 * ({@link BlockRenderer}).
 *
 * <p>Not handled: pages whose text is drawn by JavaScript, text in images, comments sections
 * that carry no class or id, and more than one article per page (listing pages give all of
 * them, or their common container). Thread-safe: no state beyond the configuration.
 */
public final class MainTextExtractor {
    private static final Set<String> PARAGRAPH_TAGS = Set.of(
            "p",
            "pre",
            "td",
            "dd",
            "li",
            "blockquote",
            "div",
            "section",
            "article",
            "center",
            "font",
            "span",
            "th",
            "dt");

    /** Inline elements that wrap blocks in real pages; never scored as containers. */
    private static final Set<String> INLINE_WRAPPERS =
            Set.of("a", "font", "span", "b", "i", "u", "em", "strong", "small", "big", "nobr");

    /** Non-link characters that make a sibling with a linked headline a story (two or three sentences). */
    private static final int LINKED_STORY_CHARS = 200;

    /** How many of the highest-scoring containers readability compares (its nbTopCandidates). */
    private static final int TOP_CANDIDATES = 5;

    /** How many of them must share an ancestor with the best for that ancestor to win (readability's value). */
    private static final int MIN_ALTERNATIVES = 3;

    private final ExtractionConfig config;
    private final CharsetDetector charsets;
    private final BlockRenderer renderer;

    public MainTextExtractor(ExtractionConfig config, CharsetDetector charsets) {
        this.config = config;
        this.charsets = charsets;
        this.renderer = new BlockRenderer(config.maxBlockLinkDensity(), config.maxListLinkDensity());
    }

    public MainTextExtractor() {
        this(ExtractionConfig.DEFAULTS, new CharsetDetector());
    }

    /**
     * @param body the page bytes as served (not null)
     * @param declaredCharset the HTTP Content-Type value or charset label, null if none
     * @param url the page URL, used to resolve relative links only; may be null
     */
    public ExtractionResult extract(byte[] body, String declaredCharset, String url) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (body == null || isBlank(body)) {
            return new ExtractionResult.Failure(
                    "extract:empty",
                    "body has " + (body == null ? 0 : body.length) + " bytes, none of them visible",
                    meta);
        }
        if (body.length > config.maxBytes()) {
            return new ExtractionResult.Failure(
                    "extract:too_large",
                    body.length + " bytes, over the limit of " + config.maxBytes() + " (ExtractionConfig.maxBytes)",
                    meta);
        }
        CharsetDecision cs = charsets.detect(body, declaredCharset);
        if (cs.isBinary()) return new ExtractionResult.Failure("extract:binary", cs.binaryReason(), meta);
        meta.put("charset", cs.charset().name().toLowerCase(Locale.ROOT));
        meta.put("charset_source", cs.source());
        meta.put("charset_declared", cs.declared());
        meta.put("charset_disagrees", cs.declaredDisagrees());
        if (cs.note() != null) meta.put("charset_note", cs.note());

        Document doc;
        try {
            doc = Jsoup.parse(new String(body, cs.charset()), url == null ? "" : url);
        } catch (RuntimeException | StackOverflowError e) {
            return new ExtractionResult.Failure("extract:malformed", "jsoup could not parse the page: " + e, meta);
        }
        meta.put("title", title(doc));
        Element root = doc.body();
        removeInvisible(doc);
        TextStats before = TextStats.of(root);
        if (before.text(root) == 0) {
            return new ExtractionResult.Failure("extract:empty", "the page has markup but no visible text", meta);
        }
        removeChrome(root, before);

        TextStats stats = TextStats.of(root);
        List<Element> content = mainContent(root, stats);
        BlockRenderer.Rendered out = renderer.render(content, stats);
        meta.put("extracted_chars", out.text().length());
        meta.put("link_density", Math.round(out.linkDensity() * 1000) / 1000.0);
        if (out.chars() < config.minTextChars()) {
            return new ExtractionResult.Failure(
                    "extract:no_main_content",
                    out.chars() + " characters of main text left" + " after removing boilerplate (minimum "
                            + config.minTextChars() + ")",
                    meta);
        }
        return new ExtractionResult.Text(out.text(), meta);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) if (!Character.isWhitespace(b & 0xFF)) return false;
        return true;
    }

    private static String title(Document doc) {
        String t = doc.title().strip();
        if (t.isEmpty()) {
            Element h1 = doc.selectFirst("h1");
            if (h1 != null) t = h1.text().strip();
        }
        return t;
    }

    private static void removeInvisible(Document doc) {
        List<Element> doomed = new ArrayList<>();
        for (Element el : doc.getAllElements())
            if (el != doc.body() && BoilerplateRules.isInvisible(el)) doomed.add(el);
        doomed.forEach(Element::remove);
    }

    /**
     * Removes chrome, outermost first. A class- or id-matched element holding most of the page is
     * a wrapper (e.g. {@code page-header-wrapper} around everything) and stays; a {@code <header>}
     * with a good amount of non-link text is content.
     */
    private void removeChrome(Element root, TextStats stats) {
        int pageChars = Math.max(1, stats.text(root));
        List<Element> doomed = new ArrayList<>();
        Map<Element, Boolean> removed = new IdentityHashMap<>();
        Map<String, String> memo = new HashMap<>();
        for (Element el : root.getAllElements()) {
            if (el == root || removed.containsKey(el.parent())) {
                if (el != root) removed.put(el, true);
                continue;
            }
            if (isChrome(el, stats, pageChars, memo)) {
                doomed.add(el);
                removed.put(el, true);
            }
        }
        doomed.forEach(Element::remove);
    }

    private boolean isChrome(Element el, TextStats stats, int pageChars, Map<String, String> memo) {
        if (el.normalName().equals("header")) {
            return stats.text(el) - stats.links(el) < config.headerKeepChars();
        }
        if (el.normalName().equals("form")) {
            // A search or sign-up box is chrome; a form holding most of the page is a layout wrapper.
            return stats.text(el) <= config.wrapperShare() * pageChars;
        }
        String rule = BoilerplateRules.chromeRule(el, memo);
        if (rule == null) return false;
        if (rule.startsWith("class:") || rule.equals("tag:aside")) {
            // A wrapper holds the page's prose; a long table of contents above a short section
            // also holds most of the text, but it is links, and keeping it made the renderer
            // skip the whole section as a link list (PostgreSQL's chapter pages).
            boolean wrapper = stats.text(el) > config.wrapperShare() * pageChars
                    && stats.linkDensity(el) <= config.maxListLinkDensity();
            if (wrapper) return false;
            return !isInlineAside(el, stats);
        }
        return true;
    }

    /**
     * A box of prose in the middle of the article flow (a book's "Note" or "Back to basics"
     * sidebar, a pull quote) is content even when its class says sidebar: it has paragraphs for
     * siblings and hardly any links. Page-level sidebars sit next to layout containers instead.
     */
    private boolean isInlineAside(Element el, TextStats stats) {
        if (stats.text(el) < 2 * config.minParagraphChars() || stats.linkDensity(el) >= 0.25) return false;
        for (Element sib :
                el.parent() == null ? List.<Element>of() : el.parent().children()) {
            if (sib != el
                    && PARAGRAPH_TAGS.contains(sib.normalName())
                    && !stats.hasBlockInside(sib)
                    && stats.text(sib) >= config.minParagraphChars()
                    && stats.linkDensity(sib) < 0.25) {
                return true;
            }
        }
        return false;
    }

    private List<Element> mainContent(Element root, TextStats stats) {
        Element explicit = explicitMain(root, stats);
        if (explicit != null) return List.of(explicit);
        Map<Element, Double> scores = score(root, stats);
        List<Element> top = scores.entrySet().stream()
                .sorted(Map.Entry.<Element, Double>comparingByValue().reversed())
                .limit(TOP_CANDIDATES)
                .map(Map.Entry::getKey)
                .toList();
        Element best =
                top.isEmpty() ? root : betterAncestor(sharedAncestorOfTopCandidates(top, scores, root), scores, root);
        while (best != root && best.parent() != null && shouldWiden(best, stats)) best = best.parent();
        if (best == root || best.parent() == null) return List.of(best);
        return withSiblings(best, scores, stats);
    }

    /**
     * Readability's rule for content spread over several containers: when at least
     * {@value #MIN_ALTERNATIVES} of the other top candidates score within 75 % of the best and
     * share an ancestor with it, that ancestor is the content. A long manual chapter whose sections
     * each score alike, or a table-layout newsletter with one cell per story, otherwise gave one
     * section or one story.
     */
    private static Element sharedAncestorOfTopCandidates(List<Element> top, Map<Element, Double> scores, Element root) {
        Element best = top.get(0);
        double bestScore = scores.get(best);
        List<Element> alternatives = top.subList(1, top.size()).stream()
                .filter(e -> scores.get(e) >= 0.75 * bestScore)
                .toList();
        if (alternatives.size() < MIN_ALTERNATIVES) return best;
        for (Element a = best.parent(); a != null && a != root; a = a.parent()) {
            final Element ancestor = a;
            long sharing =
                    alternatives.stream().filter(e -> isAncestor(ancestor, e)).count();
            if (sharing >= MIN_ALTERNATIVES) return ancestor;
        }
        return best;
    }

    /**
     * Readability's climb: walking up from the best container, an ancestor that scores more than
     * the level below it is the better candidate (its points come from many sections, the best's
     * from one long subsection); the walk stops where scores fall under a third of the best.
     */
    private static Element betterAncestor(Element best, Map<Element, Double> scores, Element root) {
        double last = scores.getOrDefault(best, 0.0);
        double floor = last / 3;
        for (Element a = best.parent(); a != null && a != root; a = a.parent()) {
            Double score = scores.get(a);
            if (score == null) continue;
            if (score < floor) break;
            if (score > last) return a;
            last = score;
        }
        return best;
    }

    /**
     * Widen to the parent when the container already holds most of it, or a fair part of it and
     * the rest is prose (low link density): the best-scoring block of a long page is often one
     * section or one list, with the title and the other sections beside it.
     */
    private boolean shouldWiden(Element best, TextStats stats) {
        Element parent = best.parent();
        int all = stats.text(parent);
        if (all == 0) return false;
        double share = (double) stats.text(best) / all;
        if (share >= config.ascendShare()) return true;
        int rest = all - stats.text(best);
        int restLinks = stats.links(parent) - stats.links(best);
        return share >= config.ascendShareIfProse() && (double) restLinks / rest <= config.maxProseLinkDensity();
    }

    /** The page's own statement of its main content, if it has real text in it. */
    private Element explicitMain(Element root, TextStats stats) {
        List<Element> mains = new ArrayList<>();
        for (Element el : root.getAllElements()) {
            if (el.normalName().equals("main") || el.attr("role").equalsIgnoreCase("main")) mains.add(el);
        }
        Element main = mains.stream()
                .filter(e -> stats.text(e) >= config.minMainChars())
                .max(Comparator.comparingInt(stats::text))
                .orElse(null);
        if (main != null) return main;
        List<Element> articles = root.getElementsByTag("article").stream()
                .filter(e -> stats.text(e) >= config.minMainChars())
                .toList();
        if (articles.isEmpty()) return null;
        if (articles.size() == 1) return articles.get(0);
        return commonAncestor(articles);
    }

    private static Element commonAncestor(List<Element> els) {
        Element c = els.get(0).parent();
        while (c != null) {
            final Element candidate = c;
            if (els.stream().allMatch(e -> isAncestor(candidate, e))) return c;
            c = c.parent();
        }
        return els.get(0);
    }

    private static boolean isAncestor(Element ancestor, Element el) {
        for (Element p = el.parent(); p != null; p = p.parent()) if (p == ancestor) return true;
        return false;
    }

    /**
     * Readability's scoring: every leaf block with enough text gives 1 + its commas + one point
     * per 100 characters (at most 3) to its parent, half to its grandparent and a sixth to the
     * level above; a container's score is then discounted by its link density.
     */
    private Map<Element, Double> score(Element root, TextStats stats) {
        // Insertion-ordered (jsoup elements hash by identity): ties between equal scores are then
        // broken in page order, so the same page always yields the same text.
        Map<Element, Double> raw = new java.util.LinkedHashMap<>();
        for (Element el : root.getAllElements()) {
            if (!PARAGRAPH_TAGS.contains(el.normalName())) continue;
            boolean leaf = !stats.hasBlockInside(el);
            // Text loose in a container beside its blocks (a newsletter cell: a paragraph of
            // running text, then a <p> or a table) is a paragraph of that container, as
            // readability wraps it in a <p> of its own.
            String text = leaf ? el.text() : looseText(el, stats);
            int chars = leaf ? stats.text(el) : TextStats.nonWhitespace(text);
            if (chars < config.minParagraphChars()) continue;
            double points = 1 + countCommas(text) + Math.min(chars / 100.0, 3);
            Element p = leaf ? containerAbove(el) : INLINE_WRAPPERS.contains(el.normalName()) ? containerAbove(el) : el;
            double[] share = {1, 0.5, 1.0 / 6};
            for (int level = 0; level < share.length && p != null; level++, p = containerAbove(p)) {
                raw.merge(p, points * share[level], Double::sum);
            }
        }
        Map<Element, Double> scores = new java.util.LinkedHashMap<>();
        raw.forEach((el, s) -> scores.put(el, s * (1 - stats.linkDensity(el))));
        return scores;
    }

    /**
     * The nearest ancestor that can hold content, skipping inline wrappers: XHTML's self-closed
     * {@code <a id="x"/>} parses in HTML as an anchor wrapping the rest of its section (DocBook
     * manuals are full of them), and 1990s mail wraps whole tables in {@code <font>}; neither is
     * a container, and scoring them split a section's points between the wrapper and the section.
     */
    private static Element containerAbove(Element el) {
        Element p = el.parent();
        while (p != null && p.parent() != null && INLINE_WRAPPERS.contains(p.normalName())) p = p.parent();
        return p;
    }

    /** The element's text outside its block children: its own text nodes and inline children. */
    private static String looseText(Element el, TextStats stats) {
        StringBuilder sb = new StringBuilder();
        for (org.jsoup.nodes.Node n : el.childNodes()) {
            if (n instanceof org.jsoup.nodes.TextNode t) {
                sb.append(t.getWholeText());
            } else if (n instanceof Element c
                    && !TextStats.BLOCK_TAGS.contains(c.normalName())
                    && !stats.hasBlockInside(c)) {
                sb.append(' ').append(c.text());
            }
        }
        return sb.toString();
    }

    private static int countCommas(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '\uFF0C' || c == '\u3001' || c == '\u060C') n++;
        }
        return n;
    }

    /** The container plus siblings that score well or are plain paragraphs, in page order. */
    private List<Element> withSiblings(Element best, Map<Element, Double> scores, TextStats stats) {
        double threshold = Math.max(10, scores.getOrDefault(best, 0.0) * config.siblingScoreRatio());
        List<Element> out = new ArrayList<>();
        for (Element sib : best.parent().children()) {
            if (sib == best) {
                out.add(sib);
                continue;
            }
            boolean scored = scores.getOrDefault(sib, 0.0) >= threshold;
            // A real <p> counts from readability's 25 characters (a CJK sentence is short); other
            // elements need more to pass for prose.
            int minProse = sib.normalName().equals("p") ? config.minParagraphChars() : 80;
            boolean paragraph = stats.text(sib) >= minProse && stats.linkDensity(sib) < 0.25;
            // A story under a linked headline (a newsletter item: "Must-have Palm OS games:" then
            // its blurb) is prose with a link on top; the renderer drops the link line itself.
            boolean linkedStory = stats.text(sib) - stats.links(sib) >= LINKED_STORY_CHARS
                    && stats.linkDensity(sib) <= config.maxBlockLinkDensity();
            // A sibling of the same kind (div.section beside div.section) is more of the same
            // document even when its text is mostly tables or tips that score little (readability
            // gives such siblings a bonus; a manual's last section often scores nothing at all).
            // One that is mostly links is a list of links whatever its class.
            boolean sameKindContent = sameKind(sib, best) && stats.linkDensity(sib) <= config.maxListLinkDensity();
            if (scored || paragraph || linkedStory || sameKindContent || isHeading(sib, stats)) out.add(sib);
        }
        return out;
    }

    private static boolean sameKind(Element a, Element b) {
        return !b.className().isBlank()
                && a.normalName().equals(b.normalName())
                && a.className().equals(b.className());
    }

    /** A heading, or a wrapper holding just one (DocBook's {@code div.titlepage}): the title of what follows. */
    private static boolean isHeading(Element el, TextStats stats) {
        Element h = el.normalName().matches("h[1-6]") ? el : el.selectFirst("h1, h2, h3, h4, h5, h6");
        return h != null && stats.text(h) > 0 && stats.text(h) == stats.text(el) && stats.linkDensity(h) < 0.5;
    }
}
