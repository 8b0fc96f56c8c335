package dev.tempered.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * Filters every shard, deduplicates across shards, finalizes every shard, reports: per-shard
 * activities run in a sliding window, their records travel as page lists in storage, and the
 * workflow continues as new every {@link #SHARDS_PER_RUN} shard activities so that neither a
 * payload nor a run's history grows with the number of shards.
 *
 * <p>The state a new run needs ({@link CurateProgress}) travels in the run's memo, not as a
 * workflow argument: the parent starts this workflow with the {@link StageRequest} alone and
 * receives the final run's {@link StageResult}, whatever the number of runs in between.
 */
public class CurateWorkflowImpl implements CurateWorkflow {
    /**
     * Shard activities in flight at once. Enough to keep 64 worker slots busy (the cpu workers
     * run one activity per core); more only waits in the task queue while its timeouts run, holds
     * heartbeat checkpoints in the workflow's mutable state, and, past 2,000, breaks the server's
     * default limit on pending activities per workflow (the old all-at-once fan-out did).
     */
    static final int SHARDS_IN_FLIGHT = 64;
    /**
     * Shard activities per workflow run, and so shards per page of records. About 3 events per
     * activity and one workflow task per completion keep a run near 3,000 events, well under the
     * 10,000 at which Temporal warns; a page of 500 digests is a ~35 KB payload.
     */
    static final int SHARDS_PER_RUN = 500;
    /** The memo key under which {@link CurateProgress} passes to the next run. */
    static final String PROGRESS_MEMO = "curate_progress";

    private final CurationActivities short_ =
            Workflow.newActivityStub(CurationActivities.class, StageActivityOptions.curationBookkeeping());
    private final CurationActivities perShard =
            Workflow.newActivityStub(CurationActivities.class, StageActivityOptions.curationShard());

    @Override
    public StageResult curate(StageRequest request) {
        CurateProgress memo = Workflow.getMemo(PROGRESS_MEMO, CurateProgress.class, CurateProgress.class);
        CurateProgress progress = memo == null ? CurateProgress.start() : memo;
        String rawManifest = request.inputs().get(StageSpec.DEFAULT_INPUT);
        int budget = SHARDS_PER_RUN;
        while (true) {
            if (progress.phase() == CurateProgress.Phase.FILTER) {
                if (budget == 0) continueAsNew(request, progress);
                CurationActivities.RawShardPage page = short_.listRawPageShards(
                        new CurationActivities.RawShardsRequest(rawManifest, progress.nextShard(), budget));
                if (page.digests().isEmpty()) {
                    CurationActivities.DedupResult dedup = perShard.findDuplicates(new CurationActivities.DedupRequest(
                            request.stageRunId(), progress.filteredPages(), request.params()));
                    progress = progress.filtered(0, page.total(), progress.filteredPages())
                            .deduplicated(dedup);
                    continue;
                }
                int first = progress.nextShard();
                List<String> records = ShardWindow.run(
                        page.digests().size(),
                        SHARDS_IN_FLIGHT,
                        i -> Async.function(
                                perShard::curateShard,
                                new CurationActivities.ShardRequest(
                                        request.stageRunId(),
                                        first + i,
                                        page.digests().get(i),
                                        request.params())));
                String pages = short_.appendShardPage(
                        new CurationActivities.AppendPageRequest(progress.filteredPages(), "filtered", first, records));
                progress = progress.filtered(records.size(), page.total(), pages);
                budget -= records.size();
            } else {
                if (progress.nextShard() >= progress.shardCount()) {
                    return short_.writeCurationReport(new CurationActivities.ReportRequest(
                            request.stageRunId(),
                            rawManifest,
                            progress.filteredPages(),
                            progress.dedup(),
                            progress.finalPages(),
                            request.params()));
                }
                if (budget == 0) continueAsNew(request, progress);
                int first = progress.nextShard();
                CurateProgress at = progress;
                List<String> records = ShardWindow.run(
                        Math.min(budget, progress.shardCount() - first),
                        SHARDS_IN_FLIGHT,
                        i -> Async.function(
                                perShard::finalizeCuratedShard,
                                new CurationActivities.FinalizeRequest(
                                        request.stageRunId(),
                                        first + i,
                                        at.filteredPages(),
                                        at.dedup().dropPages(),
                                        request.params())));
                String pages = short_.appendShardPage(
                        new CurationActivities.AppendPageRequest(progress.finalPages(), "final", first, records));
                progress = progress.finalized(records.size(), pages);
                budget -= records.size();
            }
        }
    }

    /** Ends this run and starts the next with the same request; never returns. */
    private static void continueAsNew(StageRequest request, CurateProgress progress) {
        Workflow.continueAsNew(
                ContinueAsNewOptions.newBuilder()
                        .setMemo(Map.of(PROGRESS_MEMO, progress))
                        .build(),
                request);
    }
}
