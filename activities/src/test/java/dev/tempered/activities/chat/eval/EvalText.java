package dev.tempered.activities.chat.eval;

import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real text for the evaluation tests: pages of the sample corpus as plain text, and a BPE trained on text. */
public final class EvalText {
    private EvalText() {}

    /** The visible text of {@code examples/data/html/<page>}, tags and entities stripped. */
    public static String page(String page) {
        try {
            String html = Files.readString(Path.of("..", "examples", "data", "html", page), StandardCharsets.UTF_8);
            return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                    .replaceAll("<[^>]+>", " ")
                    .replaceAll("&[a-z]+;", " ")
                    .replaceAll("\\s+", " ")
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A byte-level BPE of {@code vocabSize} mergeable tokens plus Tempered's special tokens (chat ones included). */
    public static TokenizerSpec tokenizer(List<String> texts, int vocabSize) {
        List<byte[]> ranks = new BpeTrainer(BpeTrainerConfig.of(vocabSize)
                        .withSpecialTokens(SpecialTokens.ALL.size())
                        .withThreads(1))
                .train(texts)
                .tokenBytesByRank();
        return new TokenizerSpec(
                BpeTrainerConfig.of(vocabSize).splitPattern(), ranks, SpecialTokens.assign(ranks.size()));
    }
}
