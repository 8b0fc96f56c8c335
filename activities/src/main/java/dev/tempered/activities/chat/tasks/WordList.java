package dev.tempered.activities.chat.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The words the spelling task asks about: {@code chat/words/english-frequent.txt} on the classpath,
 * the 1,000 most frequent English words of the sample corpus' English pages (written by
 * {@code examples/data/words/frequent_words.py}, which says how they were chosen). Lines starting
 * with {@code #} are comments.
 */
public final class WordList {
    public static final String RESOURCE = "/chat/words/english-frequent.txt";

    private static volatile List<String> english;

    private WordList() {}

    /** The English word list, read once. */
    public static List<String> english() {
        List<String> w = english;
        if (w == null) {
            synchronized (WordList.class) {
                if (english == null) english = read(RESOURCE);
                w = english;
            }
        }
        return w;
    }

    static List<String> read(String resource) {
        InputStream in = WordList.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("word list " + resource + " is not on the classpath");
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String word = line.strip();
                if (word.isEmpty() || word.startsWith("#")) continue;
                if (!word.matches("[a-z]+")) {
                    throw new IllegalStateException(
                            resource + ":" + n + ": '" + word + "' is not a lower-case word; regenerate the list");
                }
                out.add(word);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " failed", e);
        }
        return List.copyOf(out);
    }
}
