package dev.tempered.bench.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tempered.activities.curation.extract.ExtractionResult;
import dev.tempered.activities.curation.extract.MainTextExtractor;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tempered's side of the extraction recall comparison ({@code bench/extract/recall_vs_trafilatura.py}):
 * runs {@link MainTextExtractor} over every page of a {@code heldout_pages.py} folder and writes one
 * JSON line per page (id, text, failure reason). No timing: this measures what is kept, not speed.
 *
 * <p>Usage: {@code ExtractionDump PAGES_DIR OUT.jsonl} where PAGES_DIR holds pages.tsv and pages/.
 */
public final class ExtractionDump {
    private ExtractionDump() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ExtractionDump PAGES_DIR OUT.jsonl");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> rows = Files.readAllLines(dir.resolve("pages.tsv"), StandardCharsets.UTF_8);
        MainTextExtractor extractor = new MainTextExtractor();
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            for (String row : rows.subList(1, rows.size())) {
                String id = row.split("\t", 2)[0];
                byte[] body = Files.readAllBytes(dir.resolve("pages").resolve(id + ".html"));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", id);
                ExtractionResult result = extractor.extract(body, null, null);
                if (result instanceof ExtractionResult.Text t) {
                    line.put("text", t.text());
                } else if (result instanceof ExtractionResult.Failure f) {
                    line.put("text", "");
                    line.put("reason", f.reason());
                }
                out.write(json.writeValueAsString(line));
                out.newLine();
            }
        }
    }
}
