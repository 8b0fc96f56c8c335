package dev.tempered.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Fans curation out per shard, deduplicates across shards, fans out again, reports. */
public class CurateWorkflowImpl implements CurateWorkflow {
    private final CurationActivities short_ =
            Workflow.newActivityStub(CurationActivities.class, StageActivityOptions.curationBookkeeping());
    private final CurationActivities perShard =
            Workflow.newActivityStub(CurationActivities.class, StageActivityOptions.curationShard());

    @Override
    public StageResult curate(StageRequest request) {
        List<String> shards = short_.listRawPageShards(request);

        List<Promise<CurationActivities.FilteredShard>> filtering = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            filtering.add(Async.function(perShard::curateShard,
                    new CurationActivities.ShardRequest(request.stageRunId(), i, shards.get(i), request.params())));
        }
        List<CurationActivities.FilteredShard> filtered = new ArrayList<>();
        for (Promise<CurationActivities.FilteredShard> p : filtering) filtered.add(p.get());

        CurationActivities.DedupResult dedup = perShard.findDuplicates(
                new CurationActivities.DedupRequest(request.stageRunId(), filtered, request.params()));

        List<Promise<CurationActivities.FinalShard>> finalizing = new ArrayList<>();
        for (CurationActivities.FilteredShard shard : filtered) {
            finalizing.add(Async.function(perShard::finalizeCuratedShard, new CurationActivities.FinalizeRequest(
                    request.stageRunId(), shard, dedup.dropLists().get(shard.shardIndex()), request.params())));
        }
        List<CurationActivities.FinalShard> finals = new ArrayList<>();
        for (Promise<CurationActivities.FinalShard> p : finalizing) finals.add(p.get());

        return short_.writeCurationReport(new CurationActivities.ReportRequest(request.stageRunId(),
                request.inputs().get(StageSpec.DEFAULT_INPUT), filtered, dedup, finals, request.params()));
    }
}
