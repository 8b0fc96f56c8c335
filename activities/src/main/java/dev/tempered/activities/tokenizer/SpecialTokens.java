package dev.tempered.activities.tokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tempered's own special tokens, shared by the tokenizer trainer, the tokenize stage and the chat
 * stages that format conversations.
 *
 * <p><b>Id rule.</b> A vocabulary with {@code N} mergeable ranks (ids {@code 0 .. N-1}) gives the
 * special tokens the ids {@code N, N+1, ...} in the order of {@link #ALL}: {@code <|bos|>} is
 * {@code N}, {@code <|output_end|>} is {@code N+9}, and the vocabulary size is {@code N+10}. The rule
 * is fixed for format {@code tempered.tokenizer/v1}; the ids are also written to the sidecar, which
 * is what readers trust.
 *
 * <p>{@code <|bos|>} is the document boundary: it starts every document, the role that
 * {@code <|endoftext|>} plays between documents in GPT vocabularies (nanochat's convention). Tempered
 * uses one boundary token, not both.
 *
 * <p>Not handled here: other vocabularies' special tokens (cl100k's are read from its own sidecar or
 * named by the caller).
 */
public final class SpecialTokens {
    /** Document boundary: the first token of every document. */
    public static final String BOS = "<|bos|>";

    public static final String USER_START = "<|user_start|>";
    public static final String USER_END = "<|user_end|>";
    public static final String ASSISTANT_START = "<|assistant_start|>";
    public static final String ASSISTANT_END = "<|assistant_end|>";
    /** The assistant calls the Python tool between these. */
    public static final String PYTHON_START = "<|python_start|>";

    public static final String PYTHON_END = "<|python_end|>";
    /** The tool's output, fed back to the assistant, between these. */
    public static final String OUTPUT_START = "<|output_start|>";

    public static final String OUTPUT_END = "<|output_end|>";

    /** Every Tempered special token in id order. */
    public static final List<String> ALL = List.of(
            BOS,
            USER_START,
            USER_END,
            ASSISTANT_START,
            ASSISTANT_END,
            PYTHON_START,
            PYTHON_END,
            OUTPUT_START,
            OUTPUT_END);

    private SpecialTokens() {}

    /** The special tokens with their ids for a vocabulary of {@code mergeableCount} ranks, in id order. */
    public static Map<String, Integer> assign(int mergeableCount) {
        if (mergeableCount < 256) {
            throw new IllegalArgumentException(
                    "a byte-level vocabulary has at least 256 mergeable ranks, got " + mergeableCount);
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String token : ALL) ids.put(token, mergeableCount + ids.size());
        return ids;
    }
}
