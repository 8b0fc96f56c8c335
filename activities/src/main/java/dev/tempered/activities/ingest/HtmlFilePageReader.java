package dev.tempered.activities.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one loose HTML file into a page, with the charset its {@code <meta>} declares, if any. */
final class HtmlFilePageReader {
    // <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the first 4 KiB.
    private static final Pattern META_CHARSET =
            Pattern.compile("<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);
    private static final int SNIFF_BYTES = 4096;

    private HtmlFilePageReader() {}

    static IngestItem read(String path, String sourceDigest, byte[] body, long maxBodyBytes) {
        if (body.length == 0) return new IngestItem.Skipped("empty-body");
        if (body.length > maxBodyBytes) return new IngestItem.Skipped("body-over-limit");
        String head = new String(body, 0, Math.min(body.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        String charset = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        return new IngestItem.Page(new RawPage("file:" + path, null, "text/html", charset, 200, sourceDigest, 0, body));
    }
}
