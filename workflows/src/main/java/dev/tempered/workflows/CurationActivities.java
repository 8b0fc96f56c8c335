package dev.tempered.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * The activities of {@link CurateWorkflow}. Every request and result is small whatever the
 * number of shards: per-shard records (what filtering and finalizing one shard produced) are stored as
 * artifacts by the activity that makes them, gathered into pages, and read back by digest.
 */
@ActivityInterface
public interface CurationActivities {

    /** Up to {@code limit} shard digests of the raw-pages manifest from index {@code from}, in order. */
    RawShardPage listRawPageShards(RawShardsRequest request);

    /**
     * Filters one shard (URL, extraction, language, quality); resumable by chunk. Returns the
     * digest of its stored record (the activities' {@code FilteredShard}).
     */
    String curateShard(ShardRequest request);

    /** Stores one page of per-shard record digests after the pages so far; returns the new page list's digest. */
    String appendShardPage(AppendPageRequest request);

    /** MinHash clustering over every shard's signatures; stores the documents to drop per shard. */
    DedupResult findDuplicates(DedupRequest request);

    /**
     * Drops one shard's duplicates, removes PII and writes the final text shard. Returns the
     * digest of its stored record (the activities' {@code FinalShard}).
     */
    String finalizeCuratedShard(FinalizeRequest request);

    /** Sums the funnel, writes the stats and manifest artifacts and returns the stage result. */
    StageResult writeCurationReport(ReportRequest request);

    /** @param rawManifestDigest the stage's input {@code in}, a raw-pages manifest */
    record RawShardsRequest(String rawManifestDigest, int from, int limit) {}

    /** @param total shards in the whole manifest */
    record RawShardPage(int total, List<String> digests) {}

    record ShardRequest(String stageRunId, int shardIndex, String rawShardDigest, Map<String, Object> params) {}

    /**
     * @param pageList   the page list so far, or null for the first page
     * @param kind       what the records are ({@code filtered}, {@code drops}, {@code final})
     * @param firstShard the shard index of {@code records.get(0)}
     * @param records    one digest per shard, in shard order
     */
    record AppendPageRequest(String pageList, String kind, int firstShard, List<String> records) {}

    /** @param filteredPages page list of the stored filtered-shard records */
    record DedupRequest(String stageRunId, String filteredPages, Map<String, Object> params) {}

    /** @param dropPages page list of each shard's sorted drop list, or null when dedup is off */
    record DedupResult(String dropPages, long duplicates, long clusters) {}

    record FinalizeRequest(
            String stageRunId, int shardIndex, String filteredPages, String dropPages, Map<String, Object> params) {}

    record ReportRequest(
            String stageRunId,
            String rawManifestDigest,
            String filteredPages,
            DedupResult dedup,
            String finalPages,
            Map<String, Object> params) {}
}
