package dev.tempered.storage.labels;

import java.util.List;

/**
 * The checks of a submission that need only the task's size: a ranking is a partition of exactly
 * the task's responses into tie groups (no duplicates, no missing or foreign positions), ratings
 * are 1-7 per response, texts fit. Pure, so the API's error messages are tested without a database.
 */
public final class SubmissionShape {
    public static final int MAX_IDEMPOTENCY_KEY = 128;
    public static final int MIN_IDEMPOTENCY_KEY = 8;

    private SubmissionShape() {}

    /** Throws {@link SubmissionRejected} (400 or 413) naming the first problem. */
    public static void check(Submission s, int responses, int maxTextChars) {
        String key = s.idempotencyKey();
        if (key == null || key.length() < MIN_IDEMPOTENCY_KEY || key.length() > MAX_IDEMPOTENCY_KEY)
            throw SubmissionRejected.bad("idempotency_key must be " + MIN_IDEMPOTENCY_KEY + "-" + MAX_IDEMPOTENCY_KEY
                    + " characters (e.g. a UUID), got " + (key == null ? "none" : key.length()));
        if (s.taskId() == null) throw SubmissionRejected.bad("task_id is missing");
        for (String f : s.flags()) {
            if (!Submission.FLAGS.contains(f))
                throw SubmissionRejected.bad("unknown flag '" + f + "'; flags are "
                        + String.join(", ", Submission.FLAGS.stream().sorted().toList()));
        }
        if (s.declines()) {
            if (!s.ranking().isEmpty())
                throw SubmissionRejected.bad(
                        "a submission flagged skip or cant-judge must not rank; send an empty ranking");
        } else {
            checkRanking(s.ranking(), responses);
        }
        if (s.ratings() != null) {
            if (s.ratings().size() != responses)
                throw SubmissionRejected.bad("ratings has " + s.ratings().size() + " entries; the task has " + responses
                        + " responses (use null for an unrated one)");
            for (int i = 0; i < responses; i++) {
                Integer r = s.ratings().get(i);
                if (r != null && (r < 1 || r > 7))
                    throw SubmissionRejected.bad("rating of response " + i + " is " + r + "; ratings are 1-7");
            }
        }
        if (s.confidence() != null && (s.confidence() < 1 || s.confidence() > 5))
            throw SubmissionRejected.bad("confidence is " + s.confidence() + "; it must be 1-5");
        if (s.idealAnswer() != null && s.idealAnswer().length() > maxTextChars)
            throw new SubmissionRejected(
                    413,
                    "ideal_answer has " + s.idealAnswer().length() + " characters; this project accepts at most "
                            + maxTextChars);
    }

    private static void checkRanking(List<List<Integer>> ranking, int responses) {
        if (ranking.isEmpty())
            throw SubmissionRejected.bad("ranking is empty; rank every response, or flag skip or cant-judge");
        boolean[] seen = new boolean[responses];
        int count = 0;
        for (int g = 0; g < ranking.size(); g++) {
            List<Integer> group = ranking.get(g);
            if (group == null || group.isEmpty())
                throw SubmissionRejected.bad(
                        "ranking group " + g + " is empty; a tie group holds at least one response");
            for (Integer r : group) {
                if (r == null || r < 0 || r >= responses)
                    throw SubmissionRejected.bad("ranking names response " + r + ", which this task does not have (0-"
                            + (responses - 1) + ")");
                if (seen[r]) throw SubmissionRejected.bad("ranking names response " + r + " twice");
                seen[r] = true;
                count++;
            }
        }
        if (count != responses) {
            StringBuilder missing = new StringBuilder();
            for (int r = 0; r < responses; r++)
                if (!seen[r]) missing.append(missing.length() == 0 ? "" : ", ").append(r);
            throw SubmissionRejected.bad("ranking leaves out response(s) " + missing + "; rank all " + responses);
        }
    }
}
