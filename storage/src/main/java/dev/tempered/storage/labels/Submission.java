package dev.tempered.storage.labels;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One labeler's label of one task, as the submission API receives it.
 *
 * @param idempotencyKey chosen by the client per label (8-128 characters); a request replayed with
 *     the same key is acknowledged again, never stored twice
 * @param ranking tie groups best first, each a list of response positions; every response exactly
 *     once, or empty when the labeler skips or cannot judge
 * @param ratings null, or one 1-7 rating (or null) per response position
 * @param idealAnswer the answer the labeler would have given, or null
 * @param flags any of {@link #FLAGS}
 * @param confidence null or 1-5
 */
public record Submission(
        String idempotencyKey,
        UUID taskId,
        List<List<Integer>> ranking,
        List<Integer> ratings,
        String idealAnswer,
        Set<String> flags,
        Integer confidence) {
    /** unsafe: a response is harmful; cant-judge: the labeler cannot rank; skip: passes the task on. */
    public static final Set<String> FLAGS = Set.of("unsafe", "cant-judge", "skip");

    public Submission {
        ranking = ranking == null
                ? List.of()
                : ranking.stream().map(g -> g == null ? null : List.copyOf(g)).toList();
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    /** Whether this submission ranks nothing by design. */
    public boolean declines() {
        return flags.contains("skip") || flags.contains("cant-judge");
    }
}
