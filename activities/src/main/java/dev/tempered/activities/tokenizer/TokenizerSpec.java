package dev.tempered.activities.tokenizer;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a byte-level BPE tokenizer: the pre-tokenizer pattern, the mergeable
 * tokens by rank and the special tokens with their ids. {@link TokenizerFiles} saves and loads it;
 * {@link BpeEncoder} runs it.
 *
 * <p>Invariants checked here: the list index is the rank ({@code 0 .. n-1}, no gaps), every
 * special id is at least {@code n} and distinct. Repeated token bytes are caught by
 * {@link RankMap}. Not checked: that the 256 single bytes are tokens (the encoder checks that, since
 * only encoding needs it).
 *
 * @param pattern pre-tokenizer pattern in tiktoken's (Rust regex) syntax
 * @param tokensByRank token bytes, index = rank = id
 * @param specialTokens special token text to id, in id order
 */
public record TokenizerSpec(String pattern, List<byte[]> tokensByRank, Map<String, Integer> specialTokens) {
    public TokenizerSpec {
        tokensByRank = List.copyOf(tokensByRank);
        specialTokens = Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
        Map<Integer, String> byId = new HashMap<>();
        for (var e : specialTokens.entrySet()) {
            if (e.getKey().isEmpty()) throw new IllegalArgumentException("a special token is the empty string");
            int id = e.getValue();
            if (id < tokensByRank.size()) {
                throw new IllegalArgumentException("special token " + e.getKey() + " has id " + id
                        + ", inside the mergeable ranks 0.." + (tokensByRank.size() - 1));
            }
            String other = byId.put(id, e.getKey());
            if (other != null) {
                throw new IllegalArgumentException(
                        "special tokens " + other + " and " + e.getKey() + " share id " + id);
            }
        }
    }

    /** Largest id plus one (tiktoken's {@code n_vocab}); ids between ranks and specials may be unused. */
    public int vocabSize() {
        int size = tokensByRank.size();
        for (int id : specialTokens.values()) size = Math.max(size, id + 1);
        return size;
    }
}
