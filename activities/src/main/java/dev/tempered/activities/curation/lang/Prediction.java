package dev.tempered.activities.curation.lang;

/**
 * One label of a fastText prediction: the label without its {@code __label__} prefix (for
 * lid.176, a language code such as {@code en} or {@code zh}) and fastText's score for it, in
 * (0, 1].
 */
public record Prediction(String label, double probability) {}
