package dev.tempered.activities.tokenizer.stage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes one token shard; the header's counts are filled in on close. */
public final class TokenShardWriter implements AutoCloseable {
    private final FileChannel channel;
    private final int bytesPerToken;
    private final int vocabSize;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long tokens;
    private long documents;

    public TokenShardWriter(Path file, int vocabSize) throws IOException {
        this.channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        this.vocabSize = vocabSize;
        this.bytesPerToken = TokenShardFormat.bytesPerToken(vocabSize);
        channel.position(TokenShardFormat.HEADER_BYTES);
    }

    /** Appends one document: its BOS id, then its tokens. */
    public void writeDocument(int bos, int[] ids) throws IOException {
        put(bos);
        for (int id : ids) put(id);
        documents++;
    }

    private void put(int id) throws IOException {
        if (id < 0 || id >= vocabSize)
            throw new IllegalArgumentException("token id " + id + " outside vocabulary of " + vocabSize);
        if (buffer.remaining() < 4) flush();
        if (bytesPerToken == 2) buffer.putShort((short) id);
        else buffer.putInt(id);
        tokens++;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    public long tokens() {
        return tokens;
    }

    public long documents() {
        return documents;
    }

    /** Writes the header; closing twice is harmless (callers close early to publish the file). */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) return;
        flush();
        ByteBuffer header = ByteBuffer.allocate(TokenShardFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(TokenShardFormat.MAGIC)
                .putInt(TokenShardFormat.VERSION)
                .putInt(bytesPerToken)
                .putLong(tokens)
                .putLong(documents);
        header.flip();
        channel.position(0);
        while (header.hasRemaining()) channel.write(header);
        channel.close();
    }
}
