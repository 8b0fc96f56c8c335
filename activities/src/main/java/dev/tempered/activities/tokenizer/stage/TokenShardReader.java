package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.InvalidStageInputException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Reads a token shard's header and tokens, checking the magic, version and length. */
public final class TokenShardReader {
    public record Header(int bytesPerToken, long tokens, long documents) {}

    private TokenShardReader() {}

    public static Header readHeader(InputStream in, String name) throws IOException {
        byte[] raw = new DataInputStream(in).readNBytes(TokenShardFormat.HEADER_BYTES);
        if (raw.length < TokenShardFormat.HEADER_BYTES) {
            throw new InvalidStageInputException(
                    "token shard " + name + " is " + raw.length + " bytes, shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        if (!Arrays.equals(magic, TokenShardFormat.MAGIC))
            throw new InvalidStageInputException("token shard " + name + " has no TMPRTOKS magic");
        int version = b.getInt();
        if (version != TokenShardFormat.VERSION) {
            throw new InvalidStageInputException("token shard " + name + " is format version " + version
                    + "; this reader knows " + TokenShardFormat.VERSION);
        }
        int width = b.getInt();
        if (width != 2 && width != 4)
            throw new InvalidStageInputException("token shard " + name + " has " + width + " bytes per token");
        return new Header(width, b.getLong(), b.getLong());
    }

    /** All tokens of a (small) shard; pretraining streams instead. */
    public static int[] readAll(InputStream in, String name) throws IOException {
        Header h = readHeader(in, name);
        if (h.tokens() > Integer.MAX_VALUE)
            throw new InvalidStageInputException("token shard " + name + " is too large to read whole");
        byte[] data = in.readNBytes((int) h.tokens() * h.bytesPerToken());
        if (data.length != h.tokens() * h.bytesPerToken()) {
            throw new InvalidStageInputException("token shard " + name + " is truncated: header says " + h.tokens()
                    + " tokens, body holds " + data.length / h.bytesPerToken());
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] ids = new int[(int) h.tokens()];
        for (int i = 0; i < ids.length; i++)
            ids[i] = h.bytesPerToken() == 2 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        return ids;
    }
}
