package dev.tempered.activities.curation.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Document-level language identification with fastText's lid.176 model, fed the way datatrove's
 * {@code FT176LID} feeds it: the whole text, newlines replaced by spaces, as one line.
 *
 * <p>The bundled model is {@code lid.176.ftz} (see {@code resources/lang/NOTICE.md}): the
 * quantized 917 KB variant, not the 126 MB {@code lid.176.bin} datatrove downloads, so scores can
 * differ from datatrove's on the same text (not measured here: the .bin was not available).
 *
 * <p>Codes are lid.176's labels: ISO 639-1 where one exists ({@code en}, {@code zh}), otherwise
 * ISO 639-2/3 or Wikipedia codes ({@code ceb}, {@code als}, {@code nds}). Not handled: scripts
 * (lid.176 has one label per language), mixed-language documents (one label for the whole text),
 * text too short to identify (short strings get confident but unreliable labels).
 */
public final class LanguageIdentifier {
    /** Classpath location of the bundled model. */
    public static final String LID176_RESOURCE = "/lang/lid.176.ftz";
    /** sha256 of the bundled lid.176.ftz, as recorded in {@code resources/lang/NOTICE.md}. */
    public static final String LID176_SHA256 = "8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83";

    private static volatile LanguageIdentifier lid176;

    private final FastTextModel model;

    public LanguageIdentifier(FastTextModel model) {
        this.model = model;
    }

    /** The bundled lid.176 model, loaded and checked once per class loader (0.5-0.8 s in a cold JVM). */
    public static LanguageIdentifier lid176() {
        LanguageIdentifier l = lid176;
        if (l == null) {
            synchronized (LanguageIdentifier.class) {
                l = lid176;
                if (l == null) lid176 = l = new LanguageIdentifier(loadVerified(LID176_RESOURCE, LID176_SHA256));
            }
        }
        return l;
    }

    /** Reads a model from the classpath, refusing it unless its sha256 is {@code expectedSha256}. */
    static FastTextModel loadVerified(String resource, String expectedSha256) {
        byte[] bytes;
        try (InputStream in = LanguageIdentifier.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("model resource " + resource + " is not on the classpath");
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model resource " + resource, e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new IllegalStateException("model resource " + resource + " has sha256 " + actual + ", expected "
                    + expectedSha256 + ": the file was changed or corrupted; restore it from NOTICE.md's source");
        }
        try {
            return FastTextModel.read(bytes);
        } catch (ModelFormatException e) {
            throw e.in(resource);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public FastTextModel model() {
        return model;
    }

    /**
     * The most likely language of {@code text} and its score, or null for text with no words.
     * Ties between equally scored languages resolve arbitrarily, as in fastText.
     */
    public Prediction identify(String text) {
        return model.predictTop(text.replace('\n', ' '));
    }
}
