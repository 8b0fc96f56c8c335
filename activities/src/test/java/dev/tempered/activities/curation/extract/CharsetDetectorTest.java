package dev.tempered.activities.curation.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharsetDetectorTest {
    private final CharsetDetector detector = new CharsetDetector();
    private static final String PAGE =
            "<html><head>%s</head><body><p>Caf\u00e9 cr\u00e8me \u00e0 la fran\u00e7aise</p></body></html>";

    private static byte[] page(String meta, Charset cs) {
        return String.format(PAGE, meta).getBytes(cs);
    }

    @Test
    void bomWinsOverEverything() {
        byte[] body = page("<meta charset=\"iso-8859-1\">", StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        CharsetDecision d = detector.detect(withBom, "text/html; charset=windows-1251");
        assertEquals(StandardCharsets.UTF_8, d.charset());
        assertEquals("bom", d.source());
        assertTrue(d.declaredDisagrees());
    }

    @Test
    void headerThenMeta() {
        byte[] latin = page("<meta charset=\"iso-8859-1\">", StandardCharsets.ISO_8859_1);
        CharsetDecision d = detector.detect(latin, "text/html; charset=ISO-8859-1");
        assertEquals("windows-1252", d.charset().name());
        assertEquals("declared", d.source());
        assertFalse(d.declaredDisagrees(), "iso-8859-1 read as windows-1252 is what browsers do");
        CharsetDecision m = detector.detect(latin, "text/html");
        assertEquals("meta", m.source());
        assertEquals("windows-1252", m.charset().name());
    }

    @Test
    void httpEquivMetaAfterAHeaderBlock() {
        String html =
                "<div class=h>From: someone</div><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">"
                        + "<p>\u4e2d\u6587\u5b57</p>";
        CharsetDecision d = detector.detect(html.getBytes(Charset.forName("Big5")), null);
        assertEquals("Big5", d.charset().name());
        assertEquals("meta", d.source());
    }

    @Test
    void latin1LabelOnUtf8BytesIsReadAsUtf8() {
        CharsetDecision d = detector.detect(page("<meta charset=\"iso-8859-1\">", StandardCharsets.UTF_8), null);
        assertEquals(StandardCharsets.UTF_8, d.charset());
        assertEquals("sniffed", d.source());
        assertTrue(d.declaredDisagrees());
        assertTrue(d.note().contains("valid UTF-8"), d.note());
    }

    @Test
    void utf8LabelOnLatin1BytesFallsBackToWindows1252() {
        CharsetDecision d = detector.detect(page("<meta charset=\"utf-8\">", StandardCharsets.ISO_8859_1), "utf-8");
        assertEquals("windows-1252", d.charset().name());
        assertEquals("fallback", d.source());
        assertTrue(d.declaredDisagrees());
        assertTrue(d.note().contains("malformed"), d.note());
    }

    @Test
    void unknownLabelIsNotedAndSkipped() {
        CharsetDecision d =
                detector.detect(page("<meta charset=\"default_charset\">", StandardCharsets.UTF_8), "default");
        assertEquals(StandardCharsets.UTF_8, d.charset());
        assertEquals("sniffed", d.source());
        assertTrue(d.note().contains("unsupported charset 'default' in declared"), d.note());
        assertTrue(d.note().contains("'default_charset' in meta"), d.note());
    }

    @Test
    void nothingDeclared() {
        assertEquals(
                "sniffed",
                detector.detect(page("", StandardCharsets.UTF_8), null).source());
        CharsetDecision latin = detector.detect(page("", StandardCharsets.ISO_8859_1), null);
        assertEquals("fallback", latin.source());
        assertEquals("windows-1252", latin.charset().name());
        assertNull(latin.declared());
        assertFalse(latin.declaredDisagrees());
    }

    @Test
    void binaryBodies() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        CharsetDecision d = detector.detect(png, "text/html");
        assertTrue(d.isBinary());
        assertEquals("PNG signature at offset 0", d.binaryReason());
        byte[] nul = "<html>ab\0cd</html>".getBytes(StandardCharsets.US_ASCII);
        assertEquals("NUL byte at offset 8", detector.detect(nul, null).binaryReason());
        byte[] controls = new byte[200];
        for (int i = 0; i < controls.length; i++) controls[i] = (byte) (i % 2 == 0 ? 'a' : 0x01);
        assertTrue(detector.detect(controls, null).binaryReason().contains("control bytes"));
    }
}
