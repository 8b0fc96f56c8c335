package dev.tempered.activities.curation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Real text from the sample corpus ({@code examples/data/sample.warc.gz}) for the curation tests:
 * every HTML response, decoded by jsoup (meta charset or sniffing), turned into text with one line
 * per block element, the shape an extractor such as trafilatura hands to datatrove's filters.
 * Loaded once per test JVM.
 */
public final class SampleCorpus {
    public static final Path DATA = Path.of("..", "examples", "data");
    public static final Path WARC = DATA.resolve("sample.warc.gz");

    /** One page: its URL in the WARC and its block text. */
    public record Page(String url, String text) {
        /** The path after the local server, e.g. {@code docs.python.org/3.11/library/re.html}. */
        public String path() {
            return url.replaceFirst("^http://127\\.0\\.0\\.1:18080/", "");
        }
    }

    private static Map<String, Page> pages;

    private SampleCorpus() {}

    public static synchronized Map<String, Page> pages() {
        if (pages != null) return pages;
        Map<String, Page> out = new LinkedHashMap<>();
        try (WarcReader reader = new WarcReader(Files.newInputStream(WARC))) {
            for (WarcRecord record : reader) {
                if (!(record instanceof WarcResponse response)) continue;
                String url = response.target();
                byte[] body;
                try (InputStream in = response.http().body().stream()) {
                    body = in.readAllBytes();
                }
                Element root =
                        Jsoup.parse(new ByteArrayInputStream(body), null, url).body();
                Page page = new Page(url, blockText(root));
                out.put(page.path(), page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WARC.toAbsolutePath(), e);
        }
        pages = out;
        return out;
    }

    public static Page page(String path) {
        Page p = pages().get(path);
        if (p == null) throw new IllegalArgumentException("no page " + path + " in " + WARC);
        return p;
    }

    public static List<Page> pagesUnder(String prefix) {
        List<Page> out = new ArrayList<>();
        for (Page p : pages().values()) {
            if (p.path().startsWith(prefix)) out.add(p);
        }
        return out;
    }

    /** Text with a line break around every block element and {@code <br>}; pre keeps its lines. */
    public static String blockText(Element root) {
        StringBuilder sb = new StringBuilder();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    @Override
                    public void head(Node node, int depth) {
                        if (node instanceof TextNode t) {
                            boolean pre = t.parent() != null && t.parent().closest("pre") != null;
                            sb.append(pre ? t.getWholeText() : t.text());
                        } else if (node instanceof Element e
                                && (e.isBlock() || e.normalName().equals("br"))) {
                            sb.append('\n');
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element e && e.isBlock()) sb.append('\n');
                    }
                },
                root);
        StringBuilder out = new StringBuilder();
        for (String line : sb.toString().split("\n")) {
            String l = line.strip().replaceAll("[ \\t\\u00a0]+", " ");
            if (!l.isEmpty()) out.append(l).append('\n');
        }
        return out.toString().strip();
    }
}
