package dev.tempered.activities.chat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes {@code conversations} artifacts: gzip JSONL, one {@link Conversation} per line.
 * Reading never fails on a bad line: each invalid line is counted by its reason and the first few
 * are kept as messages naming file, line and field ({@code convs.jsonl.gz:17: messages[3].role: ...});
 * the valid ones go to the consumer. Blank lines are skipped.
 */
public final class ConversationFile {
    /** Invalid-line messages kept in a {@link ReadReport}; the counts cover all of them. */
    public static final int MAX_EXAMPLES = 20;

    /** The kind of artifact this format is stored as. */
    public static final String KIND = "conversations";

    public static final String MEDIA_TYPE = "application/x-ndjson+gzip";

    /**
     * @param valid conversations handed to the consumer
     * @param invalidByReason invalid lines per reason code (sorted by code)
     * @param examples the first {@link #MAX_EXAMPLES} invalid lines as {@code source:line: field: problem}
     */
    public record ReadReport(long valid, Map<String, Long> invalidByReason, List<String> examples) {
        public long invalid() {
            return invalidByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private ConversationFile() {}

    /**
     * Reads every line of gzip JSONL {@code in}, validating each with {@code validator}.
     *
     * @param source names the file in messages (an artifact digest or a path)
     */
    public static ReadReport read(
            InputStream in, String source, ConversationValidator validator, Consumer<Conversation> valid)
            throws IOException {
        Map<String, Long> invalid = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        long ok = 0;
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
        String line;
        long n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            Conversation c;
            try {
                c = validator.validate(ConversationJson.parse(line));
            } catch (ConversationFormatException e) {
                invalid.merge(e.reason(), 1L, Long::sum);
                if (examples.size() < MAX_EXAMPLES) examples.add(source + ":" + n + ": " + e.getMessage());
                continue;
            }
            ok++;
            valid.accept(c);
        }
        return new ReadReport(ok, invalid, examples);
    }

    /** Reads every valid conversation into a list (for data small enough to hold). */
    public static List<Conversation> readAll(InputStream in, String source, ConversationValidator validator)
            throws IOException {
        List<Conversation> out = new ArrayList<>();
        read(in, source, validator, out::add);
        return out;
    }

    /** Writes {@code conversations} as gzip JSONL to {@code out} (closed when done). */
    public static void write(Iterable<Conversation> conversations, OutputStream out) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8))) {
            for (Conversation c : conversations) {
                w.write(ConversationJson.write(c));
                w.write('\n');
            }
        }
    }
}
