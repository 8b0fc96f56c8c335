package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.TokenizerFiles;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * GPT-2's (r50k_base) and GPT-4's (cl100k_base) encoders, for comparing compression. Their rank
 * files come from the jtokkit jar, which ships them; nothing is downloaded.
 */
public final class ReferenceTokenizers {
    /** GPT-2's pre-split, as tiktoken writes it for r50k_base. */
    static final String GPT2_PATTERN =
            "'(?:[sdmt]|ll|ve|re)| ?\\p{L}++| ?\\p{N}++| ?[^\\s\\p{L}\\p{N}]++|\\s++$|\\s+(?!\\S)|\\s";
    /** cl100k_base's pre-split as tiktoken 0.14 writes it. */
    static final String CL100K_PATTERN = dev.tempered.activities.tokenizer.PreTokenizer.CL100K_PATTERN;

    private static BpeEncoder gpt2;
    private static BpeEncoder cl100k;

    private ReferenceTokenizers() {}

    public static synchronized BpeEncoder gpt2() {
        if (gpt2 == null) gpt2 = load("r50k_base", GPT2_PATTERN, Map.of("<|endoftext|>", 50256));
        return gpt2;
    }

    public static synchronized BpeEncoder cl100k() {
        if (cl100k == null) {
            cl100k = load(
                    "cl100k_base",
                    CL100K_PATTERN,
                    Map.of(
                            "<|endoftext|>",
                            100257,
                            "<|fim_prefix|>",
                            100258,
                            "<|fim_middle|>",
                            100259,
                            "<|fim_suffix|>",
                            100260,
                            "<|endofprompt|>",
                            100276));
        }
        return cl100k;
    }

    private static BpeEncoder load(String name, String pattern, Map<String, Integer> specials) {
        String resource = "/com/knuddels/jtokkit/" + name + ".tiktoken";
        try (InputStream in = ReferenceTokenizers.class.getResourceAsStream(resource)) {
            if (in == null)
                throw new IllegalStateException(resource + " is not on the classpath (jtokkit jar missing)");
            List<byte[]> ranks = TokenizerFiles.readRanks(in, resource);
            return new BpeEncoder(new TokenizerSpec(pattern, ranks, specials));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
