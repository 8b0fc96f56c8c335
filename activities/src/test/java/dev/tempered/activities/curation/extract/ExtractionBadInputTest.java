package dev.tempered.activities.curation.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inputs that must give a reason or a correct decode, never an exception. */
class ExtractionBadInputTest {
    private final MainTextExtractor extractor = new MainTextExtractor();
    private static final String ARTICLE = "<p>Le caf\u00e9 est servi tr\u00e8s chaud dans la cuisine, avec du pain, "
            + "du beurre et de la confiture d'abricot.</p><p>Ensuite on se prom\u00e8ne au bord de la rivi\u00e8re "
            + "jusqu'au soir, quand le soleil se couche derri\u00e8re les collines.</p>";

    private static String text(ExtractionResult r) {
        return assertInstanceOf(ExtractionResult.Text.class, r, () -> "expected text, got " + r)
                .text();
    }

    private static String reason(ExtractionResult r) {
        return assertInstanceOf(ExtractionResult.Failure.class, r, () -> "expected a failure, got " + r)
                .reason();
    }

    @Test
    void unclosedTagsStillGiveTheText() {
        String html =
                "<html><body><nav><a href=/>Home</a><a href=/x>X</a></nav><div><p>Le caf\u00e9 est servi tr\u00e8s chaud"
                        + "<p>dans la cuisine, avec du pain et du beurre <b>et <i>de la confiture</div><table><tr><td>cellule";
        String t = text(extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", null));
        assertTrue(t.contains("Le caf\u00e9 est servi tr\u00e8s chaud"), t);
        assertTrue(t.contains("de la confiture"), t);
        assertFalse(t.contains("Home"), t);
    }

    @Test
    void latin1PageDeclaredUtf8IsDecodedAsLatin1() {
        byte[] body = ("<html><head><meta charset=utf-8></head><body>" + ARTICLE + "</body></html>")
                .getBytes(StandardCharsets.ISO_8859_1);
        ExtractionResult r = extractor.extract(body, "text/html; charset=utf-8", null);
        assertTrue(text(r).contains("Le caf\u00e9 est servi tr\u00e8s chaud"), text(r));
        assertEquals("windows-1252", r.metadata().get("charset"));
        assertEquals(true, r.metadata().get("charset_disagrees"));
    }

    @Test
    void utf8PageDeclaredLatin1IsDecodedAsUtf8() {
        byte[] body = ("<html><head><meta charset=iso-8859-1></head><body>" + ARTICLE + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        ExtractionResult r = extractor.extract(body, "ISO-8859-1", null);
        assertTrue(text(r).contains("prom\u00e8ne au bord de la rivi\u00e8re"), text(r));
        assertEquals("utf-8", r.metadata().get("charset"));
        assertEquals("sniffed", r.metadata().get("charset_source"));
    }

    @Test
    void missingCharsetIsSniffed() {
        byte[] utf8 = ("<html><body>" + ARTICLE + "</body></html>").getBytes(StandardCharsets.UTF_8);
        assertTrue(text(extractor.extract(utf8, null, null)).contains("caf\u00e9"));
        byte[] latin = ("<html><body>" + ARTICLE + "</body></html>").getBytes(StandardCharsets.ISO_8859_1);
        ExtractionResult r = extractor.extract(latin, "text/html", null);
        assertTrue(text(r).contains("caf\u00e9"));
        assertEquals("fallback", r.metadata().get("charset_source"));
        byte[] gbk = ("<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"><p>\u4f60\u597d\uff0c"
                        + "\u8fd9\u662f\u4e00\u5c01\u5173\u4e8e\u7535\u5b50\u5546\u52a1\u548c\u7f51\u7ad9\u63a8\u5e7f\u7684\u4fe1\u3002"
                        + "\u5982\u679c\u6b64\u4fe1\u6253\u6270\u5230\u60a8\uff0c\u6211\u4eec\u6df1\u611f\u62b1\u6b49\u3002</p>")
                .getBytes(Charset.forName("GBK"));
        assertTrue(text(extractor.extract(gbk, null, null)).contains("\u4f60\u597d"));
    }

    @Test
    void binaryBody() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0};
        ExtractionResult r = extractor.extract(png, "text/html", "http://example.org/x.html");
        assertEquals("extract:binary", reason(r));
        assertEquals("PNG signature at offset 0", ((ExtractionResult.Failure) r).detail());
    }

    @Test
    void tooLarge() {
        byte[] big = new byte[(10 << 20) + 1];
        Arrays.fill(big, (byte) 'a');
        assertEquals("extract:too_large", reason(extractor.extract(big, null, null)));
        ExtractionConfig small = new ExtractionConfig(1000, 100, 20, 25, 0.75, 0.3, 0.2, 0.2, 0.6, 0.5, 200, 0.5);
        assertEquals(
                "extract:too_large",
                reason(new MainTextExtractor(small, new CharsetDetector()).extract(new byte[1001], null, null)));
    }

    @Test
    void emptyPages() {
        assertEquals("extract:empty", reason(extractor.extract(new byte[0], null, null)));
        assertEquals(
                "extract:empty", reason(extractor.extract(" \n\t ".getBytes(StandardCharsets.US_ASCII), null, null)));
        assertEquals(
                "extract:empty",
                reason(extractor.extract(
                        "<html><head><title>t</title><script>var x = 1;</script></head><body> </body></html>"
                                .getBytes(StandardCharsets.US_ASCII),
                        null,
                        null)));
    }

    @Test
    void onlyNavigationHasNoMainContent() {
        String html = "<html><body><nav><ul><li><a href=/a>About us and our long history</a></li>"
                + "<li><a href=/b>Products</a></li></ul></nav><footer>\u00a9 2024 Example Corp. All rights reserved.</footer></body></html>";
        assertEquals(
                "extract:no_main_content",
                reason(extractor.extract(html.getBytes(StandardCharsets.UTF_8), null, null)));
    }

    @Test
    void deeplyNestedMarkupDoesNotOverflowTheStack() {
        String html = "<div>".repeat(50_000) + "<p>" + ARTICLE + "</p>";
        ExtractionResult r = extractor.extract(html.getBytes(StandardCharsets.UTF_8), null, null);
        assertTrue(r instanceof ExtractionResult.Text || r instanceof ExtractionResult.Failure);
    }

    @Test
    void chromeIsDroppedAndMainIsPreferred() {
        String html = "<html><head><title>T</title></head><body><header><a href=/>Site</a></header>"
                + "<div class=cookie-banner>We use cookies to improve your experience on this website, accept them.</div>"
                + "<div id=sidebar><p>Popular: a long sidebar paragraph that should not appear in the output text.</p></div>"
                + "<main><h1>Titre</h1>" + ARTICLE + "<ul class=share-buttons><li><a href=/t>Tweet</a></li></ul></main>"
                + "<footer>Copyright</footer></body></html>";
        ExtractionResult r = extractor.extract(html.getBytes(StandardCharsets.UTF_8), null, null);
        String t = text(r);
        assertTrue(t.startsWith("Titre\nLe caf\u00e9"), t);
        assertFalse(
                t.contains("cookies") || t.contains("sidebar") || t.contains("Tweet") || t.contains("Copyright"), t);
        assertEquals("T", r.metadata().get("title"));
    }
}
