package dev.tempered.workflows;

/**
 * Where a curate workflow stands, carried from one run to the next across continue-as-new: a
 * phase, a shard index and digests, never per-shard data, so it stays a few hundred bytes for
 * any number of shards.
 *
 * @param phase         {@code FILTER} (curateShard per shard), then {@code FINALIZE} (dedup done,
 *                      finalizeCuratedShard per shard)
 * @param nextShard     the first shard of the phase not yet done
 * @param shardCount    shards in the raw-pages manifest; -1 until the first listing
 * @param filteredPages page list of the filtered-shard records so far
 * @param dedup         the dedup step's result, once the filter phase is done
 * @param finalPages    page list of the final-shard records so far
 */
public record CurateProgress(
        Phase phase,
        int nextShard,
        int shardCount,
        String filteredPages,
        CurationActivities.DedupResult dedup,
        String finalPages) {
    public enum Phase {
        FILTER,
        FINALIZE
    }

    public static CurateProgress start() {
        return new CurateProgress(Phase.FILTER, 0, -1, null, null, null);
    }

    CurateProgress filtered(int done, int total, String pages) {
        return new CurateProgress(Phase.FILTER, nextShard + done, total, pages, null, null);
    }

    CurateProgress deduplicated(CurationActivities.DedupResult result) {
        return new CurateProgress(Phase.FINALIZE, 0, shardCount, filteredPages, result, null);
    }

    CurateProgress finalized(int done, String pages) {
        return new CurateProgress(Phase.FINALIZE, nextShard + done, shardCount, filteredPages, dedup, pages);
    }
}
