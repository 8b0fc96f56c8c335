package dev.tempered.activities.curation;

/**
 * What a filter says of one document: keep it, or drop it with a reason such as
 * {@code gopher_short_doc} or {@code url:banned_domain}. Reasons are short snake_case keys that
 * the funnel counts and the dashboard shows.
 */
public record FilterDecision(boolean keep, String reason) {
    public static final FilterDecision KEEP = new FilterDecision(true, null);

    public static FilterDecision drop(String reason) {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a drop needs a reason");
        return new FilterDecision(false, reason);
    }
}
