package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optional origin fields of a checkpoint header: a base checkpoint writes none (its bytes are
 * those of builds before chat models) and reads as {@code base}; a chat checkpoint round-trips
 * {@code kind}, {@code tokenizer} and {@code render_version}; a header naming another kind is refused.
 */
class CheckpointOriginTest {
    static final GptConfig CONFIG = new GptConfig(1, 2, 8, 8, 16, 0.0);

    @Test
    void baseCheckpointsHaveNoOriginFieldsAndReadAsBase() throws Exception {
        byte[] bytes = write(checkpoint(ModelOrigin.BASE));
        String header = header(bytes);
        assertFalse(header.contains("\"kind\""), header);
        assertFalse(header.contains("render_version"), header);
        Checkpoint read = Checkpoint.read(new ByteArrayInputStream(bytes), "base");
        assertEquals(ModelOrigin.BASE, read.origin());
        assertFalse(read.origin().isChat());
        // The six-field constructor (every caller before chat models) is a base model too.
        assertEquals(ModelOrigin.BASE, new Checkpoint(CONFIG, 0, 1, pos(), values(), state()).origin());
    }

    @Test
    void chatCheckpointsRoundTripTheirOrigin() throws Exception {
        ModelOrigin chat = ModelOrigin.chat("ab12cd", 1);
        byte[] bytes = write(checkpoint(chat));
        String header = header(bytes);
        assertTrue(
                header.contains("\"kind\":\"chat\"")
                        && header.contains("\"tokenizer\":\"ab12cd\"")
                        && header.contains("\"render_version\":1"),
                header);
        assertEquals(
                chat, Checkpoint.read(new ByteArrayInputStream(bytes), "chat").origin());
    }

    @Test
    void anUnknownKindIsRefusedNamingIt() throws Exception {
        byte[] bytes = write(checkpoint(ModelOrigin.chat("ab12cd", 1)));
        String header = header(bytes);
        String bad = header.replace("\"kind\":\"chat\"", "\"kind\":\"rwkv\"");
        byte[] patched = withHeader(bytes, header, bad);
        CheckpointFormatException e = assertThrows(
                CheckpointFormatException.class,
                () -> Checkpoint.read(new ByteArrayInputStream(patched), "patched.ckpt"));
        assertTrue(e.getMessage().contains("patched.ckpt") && e.getMessage().contains("rwkv"), e.getMessage());
    }

    private static Checkpoint checkpoint(ModelOrigin origin) {
        return new Checkpoint(CONFIG, 3, 1, pos(), values(), state(), origin);
    }

    private static TokenWindows.Position pos() {
        return new TokenWindows.Position(0, 0);
    }

    private static AdamW.State state() {
        return new AdamW.State(AdamW.Settings.defaults(), 0, Map.of(), Map.of());
    }

    private static Map<String, float[]> values() {
        Map<String, float[]> v = new LinkedHashMap<>();
        Gpt.parameterShapes(CONFIG).forEach((k, s) -> {
            float[] a = new float[(int) s.size()];
            Arrays.fill(a, 0.5f);
            v.put(k, a);
        });
        return v;
    }

    private static byte[] write(Checkpoint c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.write(out);
        return out.toByteArray();
    }

    private static String header(byte[] bytes) {
        int at = Checkpoint.MAGIC.length();
        long n = ByteBuffer.wrap(bytes, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, at + 8, (int) n, StandardCharsets.UTF_8);
    }

    /** The same file with its header replaced (same data, so its digest still holds). */
    private static byte[] withHeader(byte[] bytes, String oldHeader, String newHeader) throws Exception {
        byte[] h = newHeader.getBytes(StandardCharsets.UTF_8);
        int at = Checkpoint.MAGIC.length();
        int dataFrom = at + 8 + oldHeader.getBytes(StandardCharsets.UTF_8).length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length)
                .array());
        out.write(h);
        out.write(bytes, dataFrom, bytes.length - dataFrom);
        return out.toByteArray();
    }
}
