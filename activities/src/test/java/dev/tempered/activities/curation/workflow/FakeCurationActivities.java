package dev.tempered.activities.curation.workflow;

import dev.tempered.storage.Digests;
import dev.tempered.workflows.CurationActivities;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Curation activities that do no curation but keep the contract the workflow relies on: records
 * are stored and found by digest, page lists must cover every shard in order, and each step
 * checks that it was handed the previous step's digests. Counts the shard activities in flight.
 */
final class FakeCurationActivities implements CurationActivities {
    private final int shards;
    private final int expectWindow;
    private final Map<String, List<Page>> pageLists = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch windowFull;
    final AtomicInteger curated = new AtomicInteger();
    final AtomicInteger finalized = new AtomicInteger();
    /** A shard whose filtering fails for good, as a damaged shard does; -1 for none. */
    volatile int damagedShard = -1;

    record Page(int firstShard, List<String> records) {}

    /**
     * @param expectWindow the first this-many filter activities wait until all of them run at
     *                     once, which proves the window fills; 0 to skip that check
     */
    FakeCurationActivities(int shards, int expectWindow) {
        this.shards = shards;
        this.expectWindow = expectWindow;
        this.windowFull = new CountDownLatch(expectWindow);
    }

    static String digest(String what) {
        return Digests.sha256Hex(what.getBytes(StandardCharsets.UTF_8));
    }

    static String rawShard(int i) {
        return digest("raw " + i);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public RawShardPage listRawPageShards(RawShardsRequest request) {
        List<String> page = new ArrayList<>();
        for (int i = request.from(); i < Math.min(shards, request.from() + request.limit()); i++) page.add(rawShard(i));
        return new RawShardPage(shards, page);
    }

    @Override
    public String curateShard(ShardRequest request) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (!request.rawShardDigest().equals(rawShard(request.shardIndex()))) {
                throw new IllegalStateException(
                        "shard " + request.shardIndex() + " got raw shard " + request.rawShardDigest());
            }
            if (request.shardIndex() < expectWindow) {
                windowFull.countDown();
                if (!windowFull.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first " + expectWindow + " shards never ran at once");
                }
            }
            if (request.shardIndex() == damagedShard) {
                throw ApplicationFailure.newNonRetryableFailure(
                        "shard " + damagedShard + " is not gzip", "InvalidStageInput");
            }
            curated.incrementAndGet();
            return digest("filtered " + request.shardIndex());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public String appendShardPage(AppendPageRequest request) {
        List<Page> pages = new ArrayList<>(request.pageList() == null ? List.of() : require(request.pageList()));
        int expected = pages.stream().mapToInt(p -> p.records().size()).sum();
        if (request.firstShard() != expected) {
            throw new IllegalStateException("page starts at " + request.firstShard() + ", expected " + expected);
        }
        pages.add(new Page(request.firstShard(), List.copyOf(request.records())));
        String digest = digest(request.kind() + " pages " + pages);
        pageLists.put(digest, pages);
        return digest;
    }

    private List<Page> require(String pageList) {
        List<Page> pages = pageLists.get(pageList);
        if (pages == null) throw new IllegalStateException("no page list " + pageList);
        return pages;
    }

    /** Checks that {@code pageList} holds {@code prefix + " " + i} for every shard, in order. */
    void requireAllShards(String pageList, String prefix) {
        List<String> all = new ArrayList<>();
        // A curate of no shards stores no page at all.
        for (Page p : pageList == null ? List.<Page>of() : require(pageList)) all.addAll(p.records());
        if (all.size() != shards)
            throw new IllegalStateException(prefix + " pages hold " + all.size() + " shards, not " + shards);
        for (int i = 0; i < shards; i++) {
            if (!all.get(i).equals(digest(prefix + " " + i)))
                throw new IllegalStateException(prefix + " record " + i + " is wrong");
        }
    }

    @Override
    public DedupResult findDuplicates(DedupRequest request) {
        requireAllShards(request.filteredPages(), "filtered");
        return new DedupResult(digest("drops"), 7, 3);
    }

    @Override
    public String finalizeCuratedShard(FinalizeRequest request) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (!digest("drops").equals(request.dropPages())) throw new IllegalStateException("wrong drop pages");
            require(request.filteredPages());
            finalized.incrementAndGet();
            return digest("final " + request.shardIndex());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public StageResult writeCurationReport(ReportRequest request) {
        requireAllShards(request.filteredPages(), "filtered");
        requireAllShards(request.finalPages(), "final");
        return new StageResult(
                digest("manifest"),
                List.of(new OutputRef("manifest", digest("manifest"))),
                Map.of("shards", shards, "duplicates", request.dedup().duplicates()));
    }
}
