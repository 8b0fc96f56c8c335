package dev.tempered.activities.tokenizer;

import java.util.Set;

/**
 * Which special tokens {@link BpeEncoder#encode(String, SpecialPolicy)} turns into their ids and
 * which make it fail, tiktoken's {@code allowed_special} and {@code disallowed_special}.
 *
 * <p>An allowed special token in the text becomes its id. A disallowed one is an error (the text
 * probably came from a user and should not be able to inject control tokens). A special token that
 * is neither is encoded as ordinary text. As in tiktoken, "all disallowed" means all that are not
 * allowed.
 *
 * @param allowed special tokens to encode as their ids; ignored when {@code allowAll}
 * @param allowAll every special token of the vocabulary is allowed
 * @param disallowed special tokens that make encoding fail; ignored when {@code disallowAll}
 * @param disallowAll every special token that is not allowed makes encoding fail
 */
public record SpecialPolicy(Set<String> allowed, boolean allowAll, Set<String> disallowed, boolean disallowAll) {
    /** tiktoken's default: no special token allowed, each one an error. */
    public static final SpecialPolicy DEFAULT = new SpecialPolicy(Set.of(), false, Set.of(), true);
    /** Every special token becomes its id. */
    public static final SpecialPolicy ALLOW_ALL = new SpecialPolicy(Set.of(), true, Set.of(), true);
    /** Special tokens are ordinary text: {@code encode_ordinary}'s behaviour, without its speed-up. */
    public static final SpecialPolicy ORDINARY = new SpecialPolicy(Set.of(), false, Set.of(), false);

    public SpecialPolicy {
        allowed = Set.copyOf(allowed);
        disallowed = Set.copyOf(disallowed);
    }

    /** These become their ids; every other special token is an error. */
    public static SpecialPolicy allow(Set<String> allowed) {
        return new SpecialPolicy(allowed, false, Set.of(), true);
    }

    /** These become their ids; only {@code disallowed} is an error, others are ordinary text. */
    public static SpecialPolicy allow(Set<String> allowed, Set<String> disallowed) {
        return new SpecialPolicy(allowed, false, disallowed, false);
    }
}
