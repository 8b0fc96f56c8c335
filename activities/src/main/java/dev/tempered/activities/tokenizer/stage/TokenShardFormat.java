package dev.tempered.activities.tokenizer.stage;

import java.nio.charset.StandardCharsets;

/**
 * Token shards, format {@code tempered.tokens} version 1, little-endian so that
 * {@code numpy.fromfile(f, dtype, offset=32)} reads the tokens directly:
 * <pre>
 * offset 0   8 bytes  magic "TMPRTOKS"
 * offset 8   u32      format version (1)
 * offset 12  u32      bytes per token: 2 (uint16, vocabularies up to 65,536) or 4 (uint32)
 * offset 16  u64      token count
 * offset 24  u64      document count
 * offset 32  tokens   each document is BOS followed by its tokens
 * </pre>
 */
public final class TokenShardFormat {
    public static final byte[] MAGIC = "TMPRTOKS".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 32;
    public static final String MEDIA_TYPE = "application/x-tempered-tokens";

    private TokenShardFormat() {}

    /** uint16 when every id fits, else uint32. */
    public static int bytesPerToken(int vocabSize) {
        return vocabSize <= 65_536 ? 2 : 4;
    }
}
