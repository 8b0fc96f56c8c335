package dev.tempered.activities.chat.sft;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The SFT tests' data: {@code chat/sft-conversations.jsonl} (20 valid conversations written for
 * these tests, about the Python and PostgreSQL pages of {@code examples/data/html} and arithmetic
 * with the calculator, plus 4 invalid lines), and BPE tokenizers trained on those pages and the
 * conversations' text with every chat special.
 */
public final class SftFixtures {
    public static final String RESOURCE = "/chat/sft-conversations.jsonl";

    private SftFixtures() {}

    /** The fixture file as a {@code conversations} artifact's bytes (gzip JSONL). */
    public static byte[] conversationsGzip() {
        try (InputStream in = SftFixtures.class.getResourceAsStream(RESOURCE)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                in.transferTo(gz);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Conversation> validConversations() throws IOException {
        return ConversationFile.readAll(
                new ByteArrayInputStream(conversationsGzip()), RESOURCE, ConversationValidator.defaults());
    }

    /** English text of the documentation pages the conversations talk about, tags stripped. */
    public static List<String> pageTexts() throws IOException {
        List<String> docs = new ArrayList<>();
        for (String page : List.of(
                "python-tutorial-introduction.html",
                "python-library-re.html",
                "postgresql-sql-abort.html",
                "postgresql-index.html")) {
            Path file = Path.of("..", "examples", "data", "html", page);
            String html = Files.readString(file, StandardCharsets.UTF_8);
            docs.add(html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                    .replaceAll("<[^>]+>", " ")
                    .replaceAll("&[a-z]+;", " ")
                    .replaceAll("\\s+", " ")
                    .strip());
        }
        return docs;
    }

    /** A BPE of {@code vocabSize} ids (chat specials included) trained on the pages and the fixture's text. */
    public static TokenizerSpec tokenizer(int vocabSize) throws IOException {
        List<String> texts = new ArrayList<>(pageTexts());
        try (InputStream in = SftFixtures.class.getResourceAsStream(RESOURCE)) {
            texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<byte[]> ranks = new BpeTrainer(BpeTrainerConfig.of(vocabSize)
                        .withSpecialTokens(SpecialTokens.ALL.size())
                        .withThreads(1))
                .train(texts)
                .tokenBytesByRank();
        return new TokenizerSpec(
                BpeTrainerConfig.of(vocabSize).splitPattern(), ranks, SpecialTokens.assign(ranks.size()));
    }

    public static ChatRenderer renderer(TokenizerSpec spec) {
        return new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, "test tokenizer"));
    }
}
