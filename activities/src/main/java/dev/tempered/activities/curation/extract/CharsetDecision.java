package dev.tempered.activities.curation.extract;

import java.nio.charset.Charset;

/**
 * How {@link CharsetDetector} decided to decode one page.
 *
 * @param charset the charset to decode with; null when {@code binaryReason} is set
 * @param source where the decision came from: {@code bom}, {@code declared} (the HTTP header),
 *     {@code meta} (a {@code <meta>} in the first bytes), {@code sniffed} (the bytes themselves),
 *     {@code fallback} (nothing usable; windows-1252 as browsers do), or {@code binary}
 * @param declared the first charset label the page or its server claimed (header, else meta),
 *     as written; null when nothing was declared
 * @param declaredDisagrees true when a label was declared and the bytes were decoded with a
 *     different charset (iso-8859-1 read as windows-1252 does not count: browsers do that)
 * @param note why a declaration was overridden or ignored, e.g. {@code unsupported charset
 *     'default' in meta}; null when there is nothing to say
 * @param binaryReason set when the body is not text, e.g. {@code NUL byte at offset 12}
 */
public record CharsetDecision(
        Charset charset, String source, String declared, boolean declaredDisagrees, String note, String binaryReason) {

    public boolean isBinary() {
        return binaryReason != null;
    }
}
