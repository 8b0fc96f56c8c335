package dev.tempered.activities.chat.prefs;

import dev.tempered.activities.chat.ConversationFormatException;
import dev.tempered.activities.chat.ConversationValidator;
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
 * Reads and writes {@code preferences} artifacts: gzip JSONL, one {@link PreferencePair} per line
 * ({@link PreferenceJson}). Reading never stops at a bad line: each is counted by its reason and the
 * first few kept as {@code source:line: field: problem}; the valid pairs go to the consumer. Whether
 * too many bad lines fail a stage is the reader's decision, not this class's.
 */
public final class PreferenceFile {
    /** Invalid-line messages kept in a {@link ReadReport}; the counts cover all of them. */
    public static final int MAX_EXAMPLES = 20;

    /** The kind of artifact this format is stored as. */
    public static final String KIND = "preferences";

    public static final String MEDIA_TYPE = "application/x-ndjson+gzip";

    /**
     * @param valid pairs handed to the consumer
     * @param invalidByReason invalid lines per reason code (sorted by code)
     * @param examples the first {@link #MAX_EXAMPLES} invalid lines as {@code source:line: field: problem}
     */
    public record ReadReport(long valid, Map<String, Long> invalidByReason, List<String> examples) {
        public long invalid() {
            return invalidByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private PreferenceFile() {}

    /**
     * Reads every line of gzip JSONL {@code in}; both conversations of a pair must also pass
     * {@code validator} (the rules a conversation must meet to be rendered for a model).
     *
     * @param source names the file in messages (an artifact digest or a path)
     */
    public static ReadReport read(
            InputStream in, String source, ConversationValidator validator, Consumer<PreferencePair> valid)
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
            PreferencePair p;
            try {
                p = PreferenceJson.parse(line);
                validate(validator, p);
            } catch (PreferenceFormatException e) {
                invalid.merge(e.reason(), 1L, Long::sum);
                if (examples.size() < MAX_EXAMPLES) examples.add(source + ":" + n + ": " + e.getMessage());
                continue;
            }
            ok++;
            valid.accept(p);
        }
        return new ReadReport(ok, invalid, examples);
    }

    /** Reads every valid pair into a list (for data small enough to hold). */
    public static List<PreferencePair> readAll(InputStream in, String source, ConversationValidator validator)
            throws IOException {
        List<PreferencePair> out = new ArrayList<>();
        read(in, source, validator, out::add);
        return out;
    }

    /** Writes {@code pairs} as gzip JSONL to {@code out} (closed when done). */
    public static void write(Iterable<PreferencePair> pairs, OutputStream out) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8))) {
            for (PreferencePair p : pairs) {
                w.write(PreferenceJson.write(p));
                w.write('\n');
            }
        }
    }

    private static void validate(ConversationValidator validator, PreferencePair p) {
        for (String field : List.of("chosen", "rejected")) {
            try {
                validator.validate(field.equals("chosen") ? p.chosen() : p.rejected());
            } catch (ConversationFormatException e) {
                throw new PreferenceFormatException(e.reason(), field + "." + e.field(), e.getMessage());
            }
        }
    }
}
