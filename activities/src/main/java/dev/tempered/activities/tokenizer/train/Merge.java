package dev.tempered.activities.tokenizer.train;

/**
 * One learned merge: wherever token {@code left} is followed by token {@code right}, the pair
 * becomes token {@code id}. Merges are applied in the order of their ids.
 *
 * @param left id of the first token of the pair
 * @param right id of the second token of the pair
 * @param id the new token's id: 256 + the merge's position in the merge list
 * @param count how often the pair occurred in the training chunks when it was chosen (weighted by
 *     chunk frequency); for inspection only, the encoder needs no counts
 */
public record Merge(int left, int right, int id, long count) {}
