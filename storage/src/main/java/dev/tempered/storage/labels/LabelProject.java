package dev.tempered.storage.labels;

import java.time.Instant;

/**
 * A labeling project as stored.
 *
 * @param id the label stage's id for it (derived from the pipeline run and stage position)
 * @param guidelines the labeling instructions, Markdown, shown beside every task
 * @param responsesPerTask K, the model responses each task shows (2-9)
 * @param overlap labelers each task is assigned to
 * @param quorum submissions that close a task (at most overlap)
 * @param maxTextChars the longest ideal answer accepted, in characters
 * @param deadline after it no submission is accepted and the stage snapshots what it has
 * @param open whether submissions are accepted
 */
public record LabelProject(
        String id,
        String name,
        String guidelines,
        int responsesPerTask,
        int overlap,
        int quorum,
        int maxTextChars,
        Instant deadline,
        boolean open) {
    public LabelProject {
        if (responsesPerTask < 2 || responsesPerTask > 9)
            throw new IllegalArgumentException("responses per task is " + responsesPerTask + "; it must be 2-9");
        if (overlap < 1) throw new IllegalArgumentException("overlap is " + overlap + "; it must be at least 1");
        if (quorum < 1 || quorum > overlap)
            throw new IllegalArgumentException("quorum is " + quorum + "; it must be 1.." + overlap + " (the overlap)");
    }
}
