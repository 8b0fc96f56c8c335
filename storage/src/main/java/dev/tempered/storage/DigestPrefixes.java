package dev.tempered.storage;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Turns what a person typed (a full digest or a prefix such as the 12 characters the CLI and the
 * dashboard print) into the one artifact digest it names. Every command and page resolves through
 * here, so they all accept the same prefixes and say the same thing when one is wrong.
 */
public final class DigestPrefixes {
    /** Shorter prefixes match too much to be worth typing; 6 hex characters are 16.7 million values. */
    public static final int MIN_LENGTH = 6;

    /** How many candidates an ambiguous prefix lists. */
    static final int MAX_CANDIDATES = 5;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + MIN_LENGTH + ",64}");

    private DigestPrefixes() {}

    /**
     * @param typed   a digest or a prefix of one, any case
     * @param matches the digests starting with a (normalised) prefix, at most {@code limit} of them, sorted
     * @throws DigestPrefixException unknown or ambiguous, naming the candidates
     * @throws IllegalArgumentException not hex, or shorter than {@link #MIN_LENGTH}
     */
    /**
     * Checks the form of a typed digest or prefix without looking anything up (commands call it
     * before starting services, so a typo costs no start-up time) and returns it normalised.
     *
     * @param what the option or argument, for the message ({@code --model}); null for none
     */
    public static String check(String typed, String what) {
        String prefix = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(prefix).matches()) {
            throw new IllegalArgumentException((what == null ? "" : what + " ") + "'" + (typed == null ? "" : typed)
                    + "' is not an artifact digest: give at least " + MIN_LENGTH
                    + " of its hex characters (0-9, a-f), e.g. the 12 that tempered prints");
        }
        return prefix;
    }

    public static String resolve(String typed, BiFunction<String, Integer, List<String>> matches) {
        String prefix = check(typed, null);
        List<String> found = matches.apply(prefix, MAX_CANDIDATES + 1);
        if (found.isEmpty()) {
            throw new DigestPrefixException("no artifact " + prefix + " in the lineage store", List.of());
        }
        if (found.size() > 1) {
            List<String> shown = found.subList(0, Math.min(found.size(), MAX_CANDIDATES));
            throw new DigestPrefixException(
                    "digest prefix " + prefix + " is ambiguous: it matches "
                            + String.join(
                                    ", ",
                                    shown.stream().map(d -> d.substring(0, 16)).toList())
                            + (found.size() > MAX_CANDIDATES ? " and more" : "")
                            + "; type more characters",
                    shown);
        }
        return found.get(0);
    }
}
