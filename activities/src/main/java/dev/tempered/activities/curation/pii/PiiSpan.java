package dev.tempered.activities.curation.pii;

/** One match in the original text: {@code [start, end)} in UTF-16 units, and the matched text. */
public record PiiSpan(PiiType type, int start, int end, String text) {}
