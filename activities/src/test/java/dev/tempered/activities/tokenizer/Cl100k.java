package dev.tempered.activities.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test utility: cl100k_base from the rank file inside jtokkit's jar, and jtokkit's own encoder. */
final class Cl100k {
    static final String RESOURCE = "/com/knuddels/jtokkit/cl100k_base.tiktoken";
    static final Map<String, Integer> SPECIALS;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("<|endoftext|>", 100257);
        m.put("<|fim_prefix|>", 100258);
        m.put("<|fim_middle|>", 100259);
        m.put("<|fim_suffix|>", 100260);
        m.put("<|endofprompt|>", 100276);
        SPECIALS = m;
    }

    private static TokenizerSpec spec;
    private static BpeEncoder encoder;
    private static Encoding jtokkit;

    private Cl100k() {}

    static synchronized TokenizerSpec spec() {
        if (spec == null) {
            try (InputStream in = Encodings.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("no " + RESOURCE + " in jtokkit's jar");
                List<byte[]> ranks = TokenizerFiles.readRanks(in, "jtokkit!" + RESOURCE);
                spec = new TokenizerSpec(PreTokenizer.CL100K_PATTERN, ranks, SPECIALS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spec;
    }

    static synchronized BpeEncoder encoder() {
        if (encoder == null) encoder = new BpeEncoder(spec());
        return encoder;
    }

    static synchronized Encoding jtokkit() {
        if (jtokkit == null) jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        return jtokkit;
    }
}
