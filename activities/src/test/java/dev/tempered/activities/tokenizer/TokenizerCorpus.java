package dev.tempered.activities.tokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Test utility: the mixed corpus the tokenizer is checked on, as named texts.
 * <ul>
 *   <li>every page of examples/data/sample.warc.gz (15 Debian handbook locales, 51 UDHR languages,
 *       other pages) as jsoup's {@code text()} and as {@code wholeText()}, which keeps newlines and
 *       runs of white space;</li>
 *   <li>this repository's own Java sources;</li>
 *   <li>generated text: emoji and ZWJ sequences, long white-space runs with tabs and CR/LF, numbers,
 *       contractions in many cases, Unicode spaces and lone surrogates, from a fixed seed.</li>
 * </ul>
 */
final class TokenizerCorpus {
    static final Path WARC = Path.of("..", "examples", "data", "sample.warc.gz");
    static final Path REPO = Path.of("..");

    record Text(String name, String text) {}

    private static List<Text> texts;

    private TokenizerCorpus() {}

    static synchronized List<Text> all() {
        if (texts == null) {
            List<Text> out = new ArrayList<>();
            out.addAll(warcPages());
            out.addAll(javaSources());
            out.addAll(generated());
            texts = List.copyOf(out);
        }
        return texts;
    }

    static long chars() {
        return all().stream().mapToLong(t -> t.text().length()).sum();
    }

    private static List<Text> warcPages() {
        List<Text> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(WARC)) {
            for (WarcRecord record : reader) {
                if (!(record instanceof WarcResponse response)) continue;
                byte[] body;
                try (InputStream in = response.http().body().stream()) {
                    body = in.readAllBytes();
                }
                Document doc = Jsoup.parse(new ByteArrayInputStream(body), null, response.target());
                out.add(new Text(response.target() + "#text", doc.text()));
                out.add(new Text(response.target() + "#wholeText", doc.wholeText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + WARC + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Text> javaSources() {
        List<Text> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPO)) {
            for (Path p : files.filter(
                            p -> p.toString().endsWith(".java") && p.toString().contains("src"))
                    .sorted()
                    .toList()) {
                out.add(new Text(p.toString(), Files.readString(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static final String[] PIECES = {
        "👩‍👩‍👧‍👦",
        "🏳️‍🌈",
        "👍🏽",
        "❤️",
        "🇫🇷",
        "🧑‍💻",
        "😀",
        "✊🏿",
        "#️⃣",
        "🫠",
        "\u200d",
        " ",
        "  ",
        "   ",
        "        ",
        "\t",
        "\t\t",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        " \n ",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\u0085",
        "0",
        "7",
        "42",
        "123",
        "1234",
        "99999",
        "3.14",
        "1,000",
        "٣٤",
        "१२",
        "½",
        "²",
        "Ⅻ",
        "𝟙",
        "'s",
        "'S",
        "'t",
        "'T",
        "'ll",
        "'LL",
        "'Ll",
        "'ve",
        "'VE",
        "'re",
        "'RE",
        "'d",
        "'D",
        "'m",
        "'M",
        "'ſ",
        "'x",
        "'",
        "word",
        "Word",
        "WORD",
        "über",
        "naïve",
        "ſtraße",
        "ǅemal",
        "Ελλάδα",
        "мир",
        "שלום",
        "سلام",
        "नमस्ते",
        "ไทย",
        "中文",
        "日本語",
        "한국어",
        "𝐀𝐁",
        "e\u0301",
        ".",
        ",",
        "!",
        "?!",
        "...",
        "--",
        "()",
        "{}",
        "<|",
        "|>",
        "<|endoftext|>",
        "\ud800",
        "\udc00",
        "$",
        "#",
        "@",
        "_",
        "__init__",
        "x_y",
        "a-b",
        "\\",
        "\"",
        "`",
        "~",
        "^",
        "%",
    };

    private static List<Text> generated() {
        List<Text> out = new ArrayList<>();
        Random random = new Random(20240601);
        for (int doc = 0; doc < 40; doc++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 25_000) sb.append(PIECES[random.nextInt(PIECES.length)]);
            out.add(new Text("generated-" + doc, sb.toString()));
        }
        StringBuilder runs = new StringBuilder();
        for (int n : new int[] {1, 2, 3, 10, 100, 1000, 5000}) {
            runs.append("a")
                    .append(" ".repeat(n))
                    .append("b")
                    .append("\t".repeat(n))
                    .append("c")
                    .append("\r\n".repeat(n))
                    .append("d")
                    .append(" \n".repeat(n))
                    .append(" ".repeat(n));
        }
        out.add(new Text("whitespace-runs", runs.toString()));
        out.add(new Text("long-word", "x".repeat(3000) + " " + "ab".repeat(2000) + " " + "1".repeat(1000)));
        return out;
    }
}
