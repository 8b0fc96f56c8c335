package dev.tempered.activities.curation.extract;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Text and link-text character counts for every element under a root, in one iterative pass
 * (no recursion: pages nest thousands of levels deep). Counts are of non-whitespace characters,
 * so indentation and layout whitespace do not weigh. A snapshot: stale once the tree changes.
 */
final class TextStats {
    /** Elements that make their own lines when rendered; a "leaf block" has none inside it. */
    static final Set<String> BLOCK_TAGS = Set.of(
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "caption",
            "center",
            "dd",
            "details",
            "dir",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "ul",
            "html",
            "br",
            "legend");

    /** (text chars, link chars, 1 if it holds a block element else 0) per element. */
    private final Map<Element, int[]> counts = new IdentityHashMap<>();

    static TextStats of(Element root) {
        TextStats stats = new TextStats();
        NodeTraversor.traverse(stats.new Counter(), root);
        return stats;
    }

    int text(Element el) {
        int[] c = counts.get(el);
        return c == null ? 0 : c[0];
    }

    int links(Element el) {
        int[] c = counts.get(el);
        return c == null ? 0 : c[1];
    }

    double linkDensity(Element el) {
        int t = text(el);
        return t == 0 ? 0 : (double) links(el) / t;
    }

    boolean hasBlockInside(Element el) {
        int[] c = counts.get(el);
        return c != null && c[2] == 1;
    }

    static int nonWhitespace(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!Character.isWhitespace(ch) && ch != '\u00A0') n++;
        }
        return n;
    }

    private final class Counter implements NodeVisitor {
        private int anchorDepth;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element el) {
                counts.put(el, new int[3]);
                if (isLink(el)) anchorDepth++;
            } else if (node instanceof TextNode t && t.parent() != null) {
                int n = nonWhitespace(t.getWholeText());
                int[] c = counts.get(t.parent());
                if (c == null) return;
                c[0] += n;
                if (anchorDepth > 0) c[1] += n;
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element el)) return;
            if (isLink(el)) anchorDepth--;
            int[] c = counts.get(el);
            int[] p = el.parent() == null ? null : counts.get(el.parent());
            if (p != null) {
                p[0] += c[0];
                p[1] += c[1];
                if (c[2] == 1 || BLOCK_TAGS.contains(el.normalName())) p[2] = 1;
            }
        }

        private boolean isLink(Element el) {
            return el.normalName().equals("a") && el.hasAttr("href");
        }
    }
}
