package dev.tempered.activities.curation.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Turns the chosen content elements into plain text, one block per line: headings, paragraphs,
 * list items, table cells and definition terms each end a line; {@code <br>} ends one too; a
 * {@code <pre>} keeps its own line breaks and indentation. Whitespace inside a block collapses to
 * single spaces. Two link-density cuts remove navigation that survived the markup rules: lists,
 * tables and divs that are mostly links are skipped whole, and single lines that are mostly
 * links are dropped.
 */
final class BlockRenderer {
    private static final Set<String> LINK_LIST_TAGS = Set.of("ul", "ol", "dl", "table", "div", "menu", "dir");
    private static final Pattern SPACES =
            Pattern.compile("[\\s\\u00A0\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+");
    private static final Pattern INVISIBLE_CHARS = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");

    /** Blocks that hold running text, as opposed to list items and table cells. */
    private static final Set<String> PROSE_TAGS = Set.of("p", "blockquote", "pre");

    /** Non-link characters that make a paragraph prose rather than a caption (a sentence or two). */
    private static final int MIN_PROSE_CHARS = 80;

    private final double maxBlockLinkDensity;
    private final double maxListLinkDensity;

    BlockRenderer(double maxBlockLinkDensity, double maxListLinkDensity) {
        this.maxBlockLinkDensity = maxBlockLinkDensity;
        this.maxListLinkDensity = maxListLinkDensity;
    }

    /** Lines of text with their link share, from each root in order. */
    Rendered render(List<Element> roots, TextStats stats) {
        Walker walker = new Walker(stats);
        for (Element root : roots) {
            walker.root = root;
            NodeTraversor.filter(walker, root);
            walker.flush();
        }
        return new Rendered(String.join("\n", walker.lines), walker.keptChars, walker.keptLinkChars);
    }

    record Rendered(String text, int chars, int linkChars) {
        double linkDensity() {
            return chars == 0 ? 0 : (double) linkChars / chars;
        }
    }

    private final class Walker implements NodeFilter {
        private final TextStats stats;
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private int currentChars;
        private int currentLinkChars;
        private int anchorDepth;
        private int keptChars;
        private int keptLinkChars;
        private Element root;

        Walker(TextStats stats) {
            this.stats = stats;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode t) {
                String text = t.getWholeText();
                current.append(text);
                int n = TextStats.nonWhitespace(text);
                currentChars += n;
                if (anchorDepth > 0) currentLinkChars += n;
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element el)) return FilterResult.CONTINUE;
            String tag = el.normalName();
            if (el != root
                    && LINK_LIST_TAGS.contains(tag)
                    && stats.text(el) > 0
                    && stats.linkDensity(el) > maxListLinkDensity
                    && !holdsProse(el)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("pre")) {
                flush();
                renderPre(el);
                return FilterResult.SKIP_ENTIRELY;
            }
            if (TextStats.BLOCK_TAGS.contains(tag)) flush();
            if (tag.equals("a") && el.hasAttr("href")) anchorDepth++;
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element el) {
                if (el.normalName().equals("a") && el.hasAttr("href")) anchorDepth--;
                if (TextStats.BLOCK_TAGS.contains(el.normalName())) flush();
            }
            return FilterResult.CONTINUE;
        }

        /**
         * A container that is mostly links but also holds a real paragraph (a chapter's table of
         * contents above its introduction) is walked into: its link lists and link lines are
         * dropped one by one, the paragraph stays. Lists and tables are never prose containers.
         */
        private boolean holdsProse(Element el) {
            if (!el.normalName().equals("div")) return false;
            for (Element d : el.getAllElements()) {
                if (d != el
                        && PROSE_TAGS.contains(d.normalName())
                        && stats.text(d) - stats.links(d) >= MIN_PROSE_CHARS
                        && stats.linkDensity(d) <= maxBlockLinkDensity) {
                    return true;
                }
            }
            return false;
        }

        private void renderPre(Element pre) {
            int preLinks = stats.links(pre);
            for (String raw : pre.wholeText().split("\r?\n|\r")) {
                String line = INVISIBLE_CHARS
                        .matcher(raw)
                        .replaceAll("")
                        .replace('\u00A0', ' ')
                        .stripTrailing();
                if (line.isBlank()) continue;
                lines.add(line.replace("\t", "    "));
                keptChars += TextStats.nonWhitespace(line);
            }
            // Links inside code are cross-references, not navigation; count them for the metadata only.
            keptLinkChars += preLinks;
        }

        void flush() {
            if (currentChars > 0) {
                double density = (double) currentLinkChars / currentChars;
                if (density <= maxBlockLinkDensity) {
                    String line = SPACES.matcher(
                                    INVISIBLE_CHARS.matcher(current).replaceAll(""))
                            .replaceAll(" ")
                            .strip();
                    if (!line.isEmpty()) {
                        lines.add(line);
                        keptChars += currentChars;
                        keptLinkChars += currentLinkChars;
                    }
                }
            }
            current.setLength(0);
            currentChars = 0;
            currentLinkChars = 0;
        }
    }
}
