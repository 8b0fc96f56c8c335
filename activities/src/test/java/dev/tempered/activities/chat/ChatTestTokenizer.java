package dev.tempered.activities.chat;

import dev.tempered.activities.chat.tasks.DialogTask;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real byte-level BPE tokenizer with Tempered's chat specials for the chat tests, trained once per
 * vocabulary size on real English text: the four English documentation pages of
 * {@code examples/data/html} (tags stripped, as the pretrain test does) and the text of the
 * chatterbot dialogs.
 */
public final class ChatTestTokenizer {
    private static final Map<Integer, ChatRenderer> RENDERERS = new ConcurrentHashMap<>();

    private ChatTestTokenizer() {}

    /** A renderer over a tokenizer of {@code vocabSize} tokens (specials included). */
    public static ChatRenderer renderer(int vocabSize) {
        return RENDERERS.computeIfAbsent(vocabSize, ChatTestTokenizer::train);
    }

    private static ChatRenderer train(int vocabSize) {
        List<String> texts = new ArrayList<>();
        for (String page : List.of(
                "python-tutorial-introduction.html",
                "python-library-re.html",
                "postgresql-sql-abort.html",
                "postgresql-index.html")) {
            String html;
            try {
                html = Files.readString(Path.of("..", "examples", "data", "html", page), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            texts.add(html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                    .replaceAll("<[^>]+>", " ")
                    .replaceAll("&[a-z]+;", " ")
                    .replaceAll("\\s+", " ")
                    .strip());
        }
        for (Conversation c : DialogTask.chatterbot()) {
            for (Message m : c.messages()) texts.add(m.text());
        }
        BpeTrainerConfig config = BpeTrainerConfig.of(vocabSize)
                .withSpecialTokens(SpecialTokens.ALL.size())
                .withThreads(1);
        List<byte[]> ranks = new BpeTrainer(config).train(texts).tokenBytesByRank();
        TokenizerSpec spec = new TokenizerSpec(config.splitPattern(), ranks, SpecialTokens.assign(ranks.size()));
        return new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, "chat-test-" + vocabSize));
    }
}
