package dev.tempered.activities.curation.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Corrupt model bytes fail with the field and byte offset named, never an index error. */
class FastTextModelFormatTest {
    private static byte[] lid176Bytes() throws Exception {
        try (InputStream in = FastTextModelFormatTest.class.getResourceAsStream(LanguageIdentifier.LID176_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void bundledModelHasTheRecordedShape() {
        FastTextModel m = LanguageIdentifier.lid176().model();
        assertEquals(176, m.labels().size());
        assertEquals("en", m.labels().get(0));
        assertEquals(16, m.args().dim());
        assertEquals(FastTextArgs.LOSS_HS, m.args().loss());
    }

    @Test
    void wrongMagicIsNamed() throws Exception {
        byte[] b = lid176Bytes();
        b[0] ^= 0x55;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> FastTextModel.read(b));
        assertTrue(e.getMessage().startsWith("not a fastText model: magic is "), e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void unsupportedVersionIsNamed() throws Exception {
        byte[] b = lid176Bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 11);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> FastTextModel.read(b));
        assertTrue(e.getMessage().contains("version 11 is not supported"), e.getMessage());
        assertEquals(4, e.offset());
    }

    @Test
    void truncationAnywhereNamesTheFieldAndOffset() throws Exception {
        byte[] b = lid176Bytes();
        // Inside: args, the dictionary's words, the pruned index, input codes, centroids, output.
        for (int len : new int[] {0, 6, 30, 1000, 100_000, 450_000, 600_000, b.length - 1}) {
            byte[] cut = Arrays.copyOf(b, len);
            ModelFormatException e =
                    assertThrows(ModelFormatException.class, () -> FastTextModel.read(cut), "truncated at " + len);
            assertTrue(e.getMessage().startsWith("truncated model"), e.getMessage());
            assertTrue(e.getMessage().contains("(at byte offset "), e.getMessage());
            assertTrue(e.offset() <= len, e.getMessage());
        }
        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> FastTextModel.read(Arrays.copyOf(b, 30)));
        assertEquals(
                "truncated model: expected 4 bytes for args.wordNgrams but the file has 2 left of 30"
                        + " (at byte offset 28)",
                e.getMessage());
    }

    @Test
    void trailingBytesAreRefused() throws Exception {
        byte[] b = lid176Bytes();
        byte[] longer = Arrays.copyOf(b, b.length + 3);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> FastTextModel.read(longer));
        assertEquals("3 unexpected bytes after the output matrix (at byte offset " + b.length + ")", e.getMessage());
    }

    @Test
    void corruptDictionarySizeIsNamed() throws Exception {
        byte[] b = lid176Bytes();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(64, 1_000_000_000); // dictionary.size
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> FastTextModel.read(b));
        assertTrue(e.getMessage().startsWith("dictionary sizes disagree: size=1000000000"), e.getMessage());
        assertEquals(64, e.offset());
    }

    @Test
    void checksumMismatchRefusesTheResource() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> LanguageIdentifier.loadVerified(LanguageIdentifier.LID176_RESOURCE, "00".repeat(32)));
        assertTrue(e.getMessage().contains("has sha256 " + LanguageIdentifier.LID176_SHA256), e.getMessage());
    }

    @Test
    void newlinesAreRefusedLikePython() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LanguageIdentifier.lid176().model().predict("two\nlines", 1));
        assertTrue(e.getMessage().contains("replace '\\n'"), e.getMessage());
    }
}
