package dev.tempered.activities.ingest;

/** What reading one record gave: a page to keep, a record skipped for a reason, or a malformed one. */
public sealed interface IngestItem {
    record Page(RawPage page) implements IngestItem {}

    /** A well-formed record ingest does not keep (a request record, an image, an oversized page). */
    record Skipped(String reason) implements IngestItem {}

    /** Bad bytes. {@code fatal} means nothing more can be read from this source after it. */
    record Malformed(String reason, long offset, String message, boolean fatal) implements IngestItem {}
}
