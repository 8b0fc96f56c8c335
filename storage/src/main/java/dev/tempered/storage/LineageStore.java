package dev.tempered.storage;

import dev.tempered.storage.lineage.ArtifactRepository;
import dev.tempered.storage.lineage.LineageGraphRepository;
import dev.tempered.storage.lineage.MetricRepository;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.lineage.PipelineRunRepository;
import dev.tempered.storage.lineage.StageRunRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The lineage store: artifacts, pipeline runs, stage runs, their input/output edges and metrics,
 * in PostgreSQL through parameterised JDBC only. A facade over one repository per table family
 * (package {@code dev.tempered.storage.lineage}); new code may use those directly.
 *
 * <pre>{@code
 * LineageStore lineage = new LineageStore(Database.open(dbConfig));
 * lineage.recordArtifact(ArtifactRecord.of(stored, "raw-pages", "application/x-ndjson+gzip", Map.of()));
 * UUID run = lineage.startStageRun(start);
 * lineage.completeStageRun(run, List.of(new NamedDigest("manifest", digest)), Map.of("pages", 812));
 * List<MetricSeries> plot = lineage.metricRepository().series(run, 600);
 * }</pre>
 *
 * <p>Writes that a retried activity may repeat are idempotent: an artifact recorded twice, a
 * stage run started twice for the same pipeline position, a run begun twice. Records never
 * point at an artifact row that does not exist (foreign keys), and callers record an artifact
 * only after its bytes are stored, so lineage never points at a missing object. Every call holds
 * at most one pooled connection at a time.
 */
public final class LineageStore {
    private final ArtifactRepository artifacts;
    private final PipelineRunRepository pipelineRuns;
    private final StageRunRepository stageRuns;
    private final MetricRepository metrics;
    private final LineageGraphRepository graph;
    private final DataSource db;
    private final ModelRegistryRepository models;

    public LineageStore(DataSource db) {
        this(db, new PipelineRunRepository(db));
    }

    /** With another way of reading pipeline runs: the lineage bench's pre-issue-10 peer. */
    public LineageStore(DataSource db, PipelineRunRepository pipelineRuns) {
        this.artifacts = new ArtifactRepository(db);
        this.pipelineRuns = pipelineRuns;
        this.stageRuns = new StageRunRepository(db);
        this.metrics = new MetricRepository(db);
        this.graph = new LineageGraphRepository(db);
        this.db = db;
        this.models = new ModelRegistryRepository(db);
    }

    /** The database itself, for the stores that share it (labels and accounts: {@code LabelStore}, {@code UserStore}). */
    public DataSource dataSource() {
        return db;
    }

    public ArtifactRepository artifactRepository() {
        return artifacts;
    }

    public PipelineRunRepository pipelineRunRepository() {
        return pipelineRuns;
    }

    public StageRunRepository stageRunRepository() {
        return stageRuns;
    }

    public MetricRepository metricRepository() {
        return metrics;
    }

    public LineageGraphRepository lineageGraphRepository() {
        return graph;
    }

    /** Model versions, the candidate and production aliases, promotion requests. */
    public ModelRegistryRepository modelRegistry() {
        return models;
    }

    // ---- artifacts -------------------------------------------------------------------------

    public void recordArtifact(ArtifactRecord a) {
        artifacts.record(a);
    }

    public Optional<ArtifactRecord> artifact(String digest) {
        return artifacts.byDigest(digest);
    }

    /**
     * The one artifact digest that {@code typed} (a digest or a prefix of one, as the CLI and the
     * dashboard print them) names; every command and page resolves through here.
     *
     * @throws DigestPrefixException when no artifact or several match, listing the candidates
     * @throws IllegalArgumentException when {@code typed} is not hex or too short
     */
    public String resolveDigest(String typed) {
        return DigestPrefixes.resolve(typed, artifacts::digestsStartingWith);
    }

    /** The newest artifacts, less internal ones ({@link ArtifactRecord#INTERNAL_KINDS}). */
    public List<ArtifactRecord> recentArtifacts(int limit) {
        return artifacts.recent(limit);
    }

    /** Which stage run and pipeline run wrote each of {@code digests}; absent for those no stage wrote. */
    public Map<String, ArtifactProducer> producers(java.util.Collection<String> digests) {
        return artifacts.producers(digests);
    }

    /** The newest artifacts of every kind, internal ones included. */
    public List<ArtifactRecord> recentArtifactsIncludingInternal(int limit) {
        return artifacts.recentIncludingInternal(limit);
    }

    /** The newest artifacts of one kind (the playground's recent checkpoints). */
    public List<ArtifactRecord> recentArtifacts(String kind, int limit) {
        return artifacts.recent(kind, limit);
    }

    // ---- pipeline runs -------------------------------------------------------------------------

    /** Records a submitted run; repeating it (a retried activity) changes nothing. */
    public void beginPipelineRun(String id, String pipeline, Map<String, Object> spec, String temporalRunId) {
        pipelineRuns.begin(id, pipeline, spec, temporalRunId);
    }

    public void finishPipelineRun(String id, StageStatus status, String error) {
        pipelineRuns.finish(id, status, error);
    }

    /**
     * Records a run that Temporal no longer runs as lost, with its running stages, if it is still
     * recorded as running; returns whether it was.
     */
    public boolean markRunLost(String id, String error) {
        return pipelineRuns.markLost(id, error);
    }

    /** The ids of every run recorded as running. */
    public List<String> runningRunIds() {
        return pipelineRuns.runningIds();
    }

    /** The newest runs with their stages and each stage's inputs and outputs, in one statement. */
    public List<PipelineRunRecord> recentRuns(int limit) {
        return pipelineRuns.recent(limit, 0);
    }

    /** A page of runs further down the list, newest first. */
    public List<PipelineRunRecord> recentRuns(int limit, int offset) {
        return pipelineRuns.recent(limit, offset);
    }

    /** A page of the runs {@code filter} lets through, newest first. */
    public List<PipelineRunRecord> recentRuns(RunFilter filter, int limit, int offset) {
        return pipelineRuns.recent(filter, limit, offset);
    }

    public Optional<PipelineRunRecord> run(String id) {
        return pipelineRuns.byId(id);
    }

    /** Resolves a unique id prefix (as users type them) to the full run id. */
    public Optional<String> resolveRunId(String prefix) {
        return pipelineRuns.resolveId(prefix);
    }

    // ---- stage runs ------------------------------------------------------------------------------

    /**
     * Records a stage run as running and returns its id. A repeat for the same pipeline run and
     * position (a retried planning activity) returns the existing id.
     */
    public UUID startStageRun(StageRunStart s) {
        return stageRuns.start(s);
    }

    /** Records a stage run that reused an earlier run's outputs; it is born succeeded. */
    public UUID recordCachedStageRun(StageRunStart s, CacheHit hit) {
        return stageRuns.recordCached(s, hit);
    }

    /** Marks the run succeeded with its outputs; every output artifact must already be recorded. */
    public void completeStageRun(UUID id, List<NamedDigest> outputs, Map<String, Object> summary) {
        stageRuns.complete(id, outputs, summary);
    }

    /**
     * Links outputs to a stage run while it is still running, such as each checkpoint as training
     * publishes it, so that a run that later fails or is killed still shows what it wrote. Adding an
     * edge twice is a no-op; {@link #completeStageRun} replaces them all with the final list.
     */
    public void addStageOutputs(UUID id, List<NamedDigest> outputs) {
        stageRuns.addOutputs(id, outputs);
    }

    /** Ends a run as failed or cancelled with the error that ended it. */
    public void endStageRun(UUID id, StageStatus status, String error) {
        stageRuns.end(id, status, error);
    }

    /** Updates a running stage's summary (progress the dashboard shows before it finishes). */
    public void updateStageSummary(UUID id, Map<String, Object> summary) {
        stageRuns.updateSummary(id, summary);
    }

    /** The newest successful, non-cached run with this key. Callers check its outputs still exist. */
    public Optional<CacheHit> findReusable(String cacheKey) {
        return stageRuns.findReusable(cacheKey);
    }

    /** The newest failed, cancelled or lost run of the same work (cache key) that linked checkpoints. */
    public Optional<UnfinishedAttempt> unfinishedAttemptOf(UUID stageRunId) {
        return stageRuns.unfinishedAttemptOf(stageRunId);
    }

    public Optional<StageRunRecord> stageRun(UUID id) {
        return stageRuns.byId(id);
    }

    // ---- metrics -----------------------------------------------------------------------------------

    /** Stores points; a repeated (stage run, name, step) keeps the newest value (retries re-report). */
    public void recordMetrics(UUID stageRunId, List<MetricPoint> points) {
        metrics.record(stageRunId, points);
    }

    /** Points of a stage run ordered by series and step; {@code afterStep} lets live views fetch only new ones. */
    public List<MetricPoint> metrics(UUID stageRunId, long afterStep) {
        return metrics.points(stageRunId, afterStep);
    }

    // ---- lineage -----------------------------------------------------------------------------------

    public Optional<Lineage> lineage(String digest) {
        return graph.of(digest);
    }
}
