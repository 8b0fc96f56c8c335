package dev.tempered.activities.curation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sample corpus as a TSV (path, text with {@code \n} and {@code \t} escaped as in
 * bench/curation/datatrove_filters.py) for the datatrove agreement check and for labelling.
 * Run by hand: {@code java -cp ... dev.tempered.activities.curation.CorpusDump OUT.tsv}.
 */
public final class CorpusDump {
    public static void main(String[] args) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (SampleCorpus.Page p : SampleCorpus.pages().values()) {
            sb.append(p.path()).append('\t').append(escape(p.text())).append('\n');
        }
        Files.writeString(Path.of(args[0]), sb, StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
