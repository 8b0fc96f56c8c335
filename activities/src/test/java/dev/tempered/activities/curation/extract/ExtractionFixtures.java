package dev.tempered.activities.curation.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The hand-labelled pages under src/test/resources/extract (see the README there). */
final class ExtractionFixtures {
    static final Path DIR = Path.of("src", "test", "resources", "extract");

    record Page(String id, String url, String charset, byte[] html, String label) {}

    private ExtractionFixtures() {}

    static List<Page> load() {
        try {
            List<String> rows = Files.readAllLines(DIR.resolve("pages.tsv"), StandardCharsets.UTF_8);
            if (!rows.get(0).equals("id\turl\tcharset")) {
                throw new IllegalStateException(
                        "pages.tsv: expected header 'id<TAB>url<TAB>charset', got " + rows.get(0));
            }
            List<Page> pages = new ArrayList<>();
            for (int i = 1; i < rows.size(); i++) {
                String[] f = rows.get(i).split("\t");
                if (f.length != 3)
                    throw new IllegalStateException(
                            "pages.tsv line " + (i + 1) + ": expected 3 fields, got " + f.length);
                byte[] html = Files.readAllBytes(DIR.resolve("pages").resolve(f[0] + ".html"));
                String label = Files.readString(DIR.resolve("labels").resolve(f[0] + ".txt"), StandardCharsets.UTF_8);
                pages.add(new Page(f[0], f[1], f[2], html, label));
            }
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
