package dev.tempered.activities.chat;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ids of the chat special tokens in one tokenizer. Every Tempered tokenizer has them
 * ({@link SpecialTokens}); a vocabulary without them (cl100k, an older file) cannot render
 * conversations, which {@link #of} says by name.
 */
public record ChatTokens(
        int bos,
        int userStart,
        int userEnd,
        int assistantStart,
        int assistantEnd,
        int pythonStart,
        int pythonEnd,
        int outputStart,
        int outputEnd) {

    /**
     * The chat specials of {@code spec}.
     *
     * @param tokenizer names the tokenizer in the error (its digest)
     * @throws InvalidStageInputException naming every missing special token
     */
    public static ChatTokens of(TokenizerSpec spec, String tokenizer) {
        Map<String, Integer> s = spec.specialTokens();
        List<String> missing = new ArrayList<>();
        for (String t : SpecialTokens.ALL) if (!s.containsKey(t)) missing.add(t);
        if (!missing.isEmpty()) {
            throw new InvalidStageInputException("tokenizer " + tokenizer + " lacks the chat special tokens " + missing
                    + "; conversations need a tokenizer trained by train-tokenizer (which adds "
                    + SpecialTokens.ALL + ")");
        }
        return new ChatTokens(
                s.get(SpecialTokens.BOS),
                s.get(SpecialTokens.USER_START),
                s.get(SpecialTokens.USER_END),
                s.get(SpecialTokens.ASSISTANT_START),
                s.get(SpecialTokens.ASSISTANT_END),
                s.get(SpecialTokens.PYTHON_START),
                s.get(SpecialTokens.PYTHON_END),
                s.get(SpecialTokens.OUTPUT_START),
                s.get(SpecialTokens.OUTPUT_END));
    }

    /** True for any of the nine chat specials. */
    public boolean isSpecial(int id) {
        return id == bos
                || id == userStart
                || id == userEnd
                || id == assistantStart
                || id == assistantEnd
                || id == pythonStart
                || id == pythonEnd
                || id == outputStart
                || id == outputEnd;
    }
}
