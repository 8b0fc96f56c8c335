package dev.tempered.storage;

/** One edge end: an artifact under the name a stage gives it ({@code manifest}, {@code shard}, {@code sources}). */
public record NamedDigest(String name, String digest) {
    public NamedDigest {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException(
                    "edge name '" + name + "' must be lower-case letters, digits, '_' or '-'");
        }
        Digests.require(digest);
    }
}
