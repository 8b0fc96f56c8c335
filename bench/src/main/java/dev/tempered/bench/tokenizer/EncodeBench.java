package dev.tempered.bench.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.PreTokenizer;
import dev.tempered.activities.tokenizer.TokenizerFiles;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * cl100k_base encoding speed, one thread: Tempered's {@link BpeEncoder} against jtokkit, on the
 * same documents. Run by bench/tokenizer/encode_bench.sh, which also times tiktoken on the files
 * this writes.
 *
 * <pre>
 * EncodeBench prepare OUT_DIR   writes OUT_DIR/text.txt (documents joined by U+001E, at least 10 MB
 *                               of UTF-8) and OUT_DIR/cl100k_base.tiktoken (+ .json) from jtokkit's jar
 * EncodeBench run OUT_DIR [ROUNDS]   times both encoders, prints one "name MB/s tokens" line each
 * </pre>
 * The text: every page of examples/data/sample.warc.gz as jsoup's wholeText (15 Debian handbook
 * locales, 51 UDHR languages) and the repository's Java sources, repeated until 10 MB.
 */
public final class EncodeBench {
    static final char SEPARATOR = '\u001e';
    static final long MIN_BYTES = 10_000_000;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        if (args[0].equals("prepare")) prepare(out);
        else run(out, args.length > 2 ? Integer.parseInt(args[2]) : 5);
    }

    static void prepare(Path out) throws Exception {
        Files.createDirectories(out);
        List<String> docs = new ArrayList<>();
        try (WarcReader reader = new WarcReader(Path.of("examples/data/sample.warc.gz"))) {
            for (WarcRecord record : reader) {
                if (!(record instanceof WarcResponse response)) continue;
                byte[] body;
                try (InputStream in = response.http().body().stream()) {
                    body = in.readAllBytes();
                }
                docs.add(Jsoup.parse(new ByteArrayInputStream(body), null, response.target())
                        .wholeText());
            }
        }
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            for (Path p : files.filter(
                            p -> p.toString().endsWith(".java") && p.toString().contains("/src/"))
                    .sorted()
                    .toList()) {
                docs.add(Files.readString(p));
            }
        }
        StringBuilder text = new StringBuilder();
        long bytes = 0;
        while (bytes < MIN_BYTES) {
            for (String d : docs) {
                String clean = d.replace(SEPARATOR, ' ');
                text.append(clean).append(SEPARATOR);
                bytes += clean.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        Files.writeString(out.resolve("text.txt"), text);
        Map<String, Integer> specials = new LinkedHashMap<>();
        specials.put("<|endoftext|>", 100257);
        specials.put("<|fim_prefix|>", 100258);
        specials.put("<|fim_middle|>", 100259);
        specials.put("<|fim_suffix|>", 100260);
        specials.put("<|endofprompt|>", 100276);
        try (InputStream in = Encodings.class.getResourceAsStream("/com/knuddels/jtokkit/cl100k_base.tiktoken")) {
            TokenizerFiles.write(
                    out.resolve("cl100k_base.tiktoken"),
                    new TokenizerSpec(
                            PreTokenizer.CL100K_PATTERN,
                            TokenizerFiles.readRanks(in, "jtokkit cl100k_base.tiktoken"),
                            specials));
        }
        System.out.printf("prepared %d documents, %d UTF-8 bytes in %s%n", docs.size(), bytes, out);
    }

    static void run(Path out, int rounds) throws Exception {
        String text = Files.readString(out.resolve("text.txt"));
        List<String> docs = Arrays.stream(text.split(String.valueOf(SEPARATOR))).toList();
        long bytes = 0;
        for (String d : docs) bytes += d.getBytes(StandardCharsets.UTF_8).length;
        BpeEncoder tempered = new BpeEncoder(TokenizerFiles.read(out.resolve("cl100k_base.tiktoken")));
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        for (int warm = 0; warm < 2; warm++) {
            time(docs, d -> tempered.encodeOrdinary(d).length);
            time(docs, d -> jtokkit.encodeOrdinary(d).size());
        }
        double[] t = new double[rounds];
        double[] j = new double[rounds];
        long tokensT = 0;
        long tokensJ = 0;
        for (int r = 0; r < rounds; r++) { // interleaved, so drift hits both alike
            long[] a = time(docs, d -> tempered.encodeOrdinary(d).length);
            long[] b = time(docs, d -> jtokkit.encodeOrdinary(d).size());
            t[r] = a[0];
            j[r] = b[0];
            tokensT = a[1];
            tokensJ = b[1];
        }
        System.out.printf("tempered %.2f %d%n", bytes / 1e6 / (median(t) / 1e9), tokensT);
        System.out.printf("jtokkit %.2f %d%n", bytes / 1e6 / (median(j) / 1e9), tokensJ);
        System.out.printf("bytes %d documents %d rounds %d%n", bytes, docs.size(), rounds);
    }

    interface Encoder {
        int encode(String doc);
    }

    /** {nanoseconds, tokens} for one pass over the documents. */
    static long[] time(List<String> docs, Encoder e) {
        long tokens = 0;
        long start = System.nanoTime();
        for (String d : docs) tokens += e.encode(d);
        return new long[] {System.nanoTime() - start, tokens};
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
