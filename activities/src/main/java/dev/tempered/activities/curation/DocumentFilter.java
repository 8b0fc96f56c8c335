package dev.tempered.activities.curation;

/**
 * One curation filter, after datatrove's BaseFilter: it only answers keep or drop-with-reason.
 * The curation loop owns iteration, counting and exclusion writing. Implementations are
 * stateless or thread-confined, take every threshold as a constructor parameter with the
 * published default, and may add statistics to {@link Document#metadata()}.
 */
public interface DocumentFilter {
    /** Step name in the funnel, e.g. {@code url_filter}, {@code gopher_repetition}. */
    String name();

    FilterDecision filter(Document doc);
}
