package dev.tempered.activities.curation.lang;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the tab-separated fixtures under {@code src/test/resources/lang/}, header skipped. */
final class TsvFixture {
    private TsvFixture() {}

    static List<String[]> rows(String resource) throws IOException {
        try (InputStream in = TsvFixture.class.getResourceAsStream(resource)) {
            if (in == null)
                throw new IllegalStateException("test resource " + resource + " is missing; see bench/lang/");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) rows.add(line.split("\t", -1));
            return rows;
        }
    }
}
