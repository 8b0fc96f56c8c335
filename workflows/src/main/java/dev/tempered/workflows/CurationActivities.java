package dev.tempered.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/** The activities of {@link CurateWorkflow}; each passes digests and small records only. */
@ActivityInterface
public interface CurationActivities {

    /** Reads the raw-pages manifest and returns its shard digests in order. */
    List<String> listRawPageShards(StageRequest request);

    /** Filters one shard (URL, extraction, language, quality); resumable by chunk. */
    FilteredShard curateShard(ShardRequest request);

    /** MinHash clustering over every shard's signatures; returns the documents to drop per shard. */
    DedupResult findDuplicates(DedupRequest request);

    /** Drops one shard's duplicates, removes PII and writes the final text shard. */
    FinalShard finalizeCuratedShard(FinalizeRequest request);

    /** Sums the funnel, writes the stats and manifest artifacts and returns the stage result. */
    StageResult writeCurationReport(ReportRequest request);

    record ShardRequest(String stageRunId, int shardIndex, String rawShardDigest, Map<String, Object> params) {}

    /**
     * @param keptDigest       documents that passed the filters (before dedup), text-shard format
     * @param signatureParts   MinHash signature files of the kept documents, one per chunk
     * @param exclusions       step name → digest of that step's dropped documents
     * @param funnel           step name → counts (see the activities' Funnel)
     */
    record FilteredShard(int shardIndex, String keptDigest, int keptDocs, List<String> signatureParts,
                         Map<String, String> exclusions, Map<String, Object> funnel) {}

    record DedupRequest(String stageRunId, List<FilteredShard> shards, Map<String, Object> params) {}

    /** @param dropLists shard index → digest of its sorted list of document indices to drop */
    record DedupResult(Map<Integer, String> dropLists, long duplicates, long clusters) {}

    record FinalizeRequest(String stageRunId, FilteredShard shard, String dropListDigest, Map<String, Object> params) {}

    /** @param piiRedactions placeholders inserted by type ({@code email}, {@code phone}, …) */
    record FinalShard(int shardIndex, String textShardDigest, int docs, long textBytes, String dedupExclusions,
                      Map<String, Object> funnel, Map<String, Long> piiRedactions) {}

    record ReportRequest(String stageRunId, String rawManifestDigest, List<FilteredShard> filtered, DedupResult dedup,
                         List<FinalShard> finals, Map<String, Object> params) {}
}
