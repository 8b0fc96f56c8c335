package dev.tempered.activities.curation.filters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The URL block lists shipped under {@code curation/url-lists/v1/} (see its NOTICE.md): UT1
 * domains and URLs as packaged in datatrove 0.10.1 (domains are a documented subset), and
 * datatrove's banned, banned-sub and soft-banned word lists. Loaded once, lazily, on first use.
 *
 * <p>The 1.6 million domains and 19,586 URLs are kept as a sorted array of 64-bit hashes (13 MB
 * rather than ~200 MB of strings); a lookup is a binary search. Two different strings share a
 * hash with probability about 2^-64 per pair, so a false block has odds near 10^-13 per lookup.
 */
final class UrlLists {
    static final String BASE = "/curation/url-lists/v1/";
    static final Pattern NON_ALNUM = Pattern.compile("[^a-zA-Z0-9]+");

    final long[] domainHashes;
    final long[] urlHashes;
    final Set<String> bannedWords;
    final Set<String> bannedSubwords;
    final Set<String> softBannedWords;

    private UrlLists() {
        domainHashes = hashes("domains.txt.gz");
        urlHashes = hashes("urls.txt.gz");
        bannedWords = words("banned_words.txt");
        bannedSubwords = words("banned_subwords.txt");
        softBannedWords = words("soft_banned_words.txt");
    }

    private static final class Holder {
        static final UrlLists LISTS = new UrlLists();
    }

    static UrlLists get() {
        return Holder.LISTS;
    }

    boolean containsDomain(String domain) {
        return Arrays.binarySearch(domainHashes, hash(domain)) >= 0;
    }

    boolean containsUrl(String url) {
        return Arrays.binarySearch(urlHashes, hash(url)) >= 0;
    }

    /** datatrove's {@code normalize}: drop every non-alphanumeric character, lowercase. */
    static String normalize(String s) {
        return NON_ALNUM.matcher(s).replaceAll("").toLowerCase(java.util.Locale.ROOT);
    }

    /** 64-bit FNV-1a over UTF-16 units, finished with the SplitMix64 mixer. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static long[] hashes(String file) {
        long[][] buf = {new long[1 << 16]};
        int[] n = {0};
        read(file, true, line -> {
            if (n[0] == buf[0].length) buf[0] = Arrays.copyOf(buf[0], n[0] * 2);
            buf[0][n[0]++] = hash(line);
        });
        long[] out = Arrays.copyOf(buf[0], n[0]);
        Arrays.sort(out);
        return out;
    }

    /** As datatrove's {@code parse_list} with normalisation: comments skipped, each entry normalised. */
    private static Set<String> words(String file) {
        Set<String> out = new HashSet<>();
        read(file, false, line -> out.add(normalize(line)));
        out.remove("");
        return Set.copyOf(out);
    }

    private static void read(String file, boolean gzip, Consumer<String> sink) {
        String path = BASE + file;
        try (InputStream raw = UrlLists.class.getResourceAsStream(path)) {
            if (raw == null) {
                throw new IllegalStateException("URL list " + path + " is missing from the classpath;"
                        + " rebuild it with scripts/url-lists/extract_from_datatrove.sh");
            }
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.strip();
                if (!t.isEmpty() && t.charAt(0) != '#') sink.accept(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read URL list " + path, e);
        }
    }
}
