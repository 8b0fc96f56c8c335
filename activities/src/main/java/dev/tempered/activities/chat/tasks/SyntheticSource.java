package dev.tempered.activities.chat.tasks;

/** The {@code source} and {@code id} of generated conversations. */
final class SyntheticSource {
    /** The {@code source} field of every generated conversation. */
    static final String NAME = "synthetic";

    private SyntheticSource() {}

    /** {@code arithmetic-s7-000042}: the task, the seed and the index, enough to regenerate the item. */
    static String id(String task, long seed, long index) {
        return String.format(java.util.Locale.ROOT, "%s-s%d-%06d", task, seed, index);
    }
}
