package dev.tempered.activities.ingest;

import java.time.Instant;

/**
 * One fetched page exactly as captured: the body bytes are not decoded, because the declared
 * charset is often wrong and curation decides what the bytes really are.
 *
 * @param fetchTime       capture time, null for loose HTML files (a file has no fetch time)
 * @param contentType     media type without parameters, lower case
 * @param declaredCharset the charset parameter of the HTTP Content-Type, or a {@code <meta>} charset for files; null if none
 * @param sourceOffset    byte offset of the WARC record in its (compressed) file; 0 for HTML files
 */
public record RawPage(
        String url,
        Instant fetchTime,
        String contentType,
        String declaredCharset,
        int httpStatus,
        String sourceDigest,
        long sourceOffset,
        byte[] body) {}
