package dev.tempered.activities.curation;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.ingest.IngestManifest;
import dev.tempered.activities.ingest.RawPage;
import dev.tempered.activities.ingest.RawPageShardReader;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.storage.MetricPoint;
import dev.tempered.workflows.CurationActivities;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Temporal adapter of curation: reads shards from storage, runs {@link ShardCurator} chunk by
 * chunk (each chunk's outputs stored as parts and heartbeated, so a retry resumes after the last
 * finished chunk), deduplicates across shards and writes the final text shards and report.
 * Per-shard results are stored as records and found through {@link ShardPages}, so that no
 * request or result grows with the number of shards.
 */
public final class CurationActivitiesImpl implements CurationActivities {
    static final String PART_KIND = "curation-part";
    static final String GZIP_JSONL = "application/x-ndjson+gzip";
    public static final String TEXT_MANIFEST_KIND = TextManifest.KIND;
    public static final String TEXT_MANIFEST_FORMAT = TextManifest.FORMAT;
    static final String DEDUP_STEP = "minhash_dedup";
    static final String PII_STEP = "pii";
    /** Kind of the per-shard {@link FilteredShard} and {@link FinalShard} artifacts. */
    static final String RECORD_KIND = "curation-shard-record";
    /** Page kinds, as the workflow names them in {@code appendShardPage}. */
    static final String FILTERED = "filtered";

    static final String DROPS = "drops";
    static final String FINAL = "final";

    /** One shard's documents to drop, by index in its filtered (kept) text; the JSON dedup has always written. */
    record DropList(
            @com.fasterxml.jackson.annotation.JsonProperty("shard_index")
            int shardIndex,

            List<Integer> drop) {}

    private final ArtifactPublisher publisher;
    private final CurationSteps steps;
    private final ShardPages pages;

    public CurationActivitiesImpl(ArtifactPublisher publisher, CurationSteps steps) {
        this.publisher = publisher;
        this.steps = steps;
        this.pages = new ShardPages(publisher);
    }

    @Override
    public RawShardPage listRawPageShards(RawShardsRequest request) {
        String manifestDigest = request.rawManifestDigest();
        if (manifestDigest == null)
            throw new InvalidStageInputException("curate needs the raw-pages manifest as input 'in'");
        try {
            IngestManifest manifest =
                    Json.MAPPER.readValue(publisher.store().readAllBytes(manifestDigest), IngestManifest.class);
            if (!IngestManifest.FORMAT.equals(manifest.format())) {
                throw new InvalidStageInputException("artifact " + manifestDigest
                        + " is not a raw-pages manifest (format '" + manifest.format() + "')");
            }
            int total = manifest.shards().size();
            int from = Math.min(request.from(), total);
            int to = (int) Math.min(total, (long) from + request.limit());
            return new RawShardPage(
                    total,
                    manifest.shards().subList(from, to).stream()
                            .map(s -> s.digest())
                            .toList());
        } catch (IOException e) {
            throw new InvalidStageInputException(
                    "raw-pages manifest " + manifestDigest + " is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public String curateShard(ShardRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        CurationParams params = CurationParams.from(request.params());
        ShardCurator curator = steps.curator(params);
        Deduplication dedup = params.dedup() ? steps.deduplication(params) : null;
        ShardProgress progress = ctx.getHeartbeatDetails(ShardProgress.class).orElse(ShardProgress.start());
        Funnel funnel = Funnel.fromMap(progress.funnel());
        List<String> keptParts = new ArrayList<>(progress.keptParts());
        List<String> signatureParts = new ArrayList<>(progress.signatureParts());
        Map<String, List<String>> exclusionParts = new TreeMap<>();
        progress.exclusionParts().forEach((k, v) -> exclusionParts.put(k, new ArrayList<>(v)));
        int keptDocs = progress.keptDocs();
        long pagesDone = progress.pagesDone();
        int chunksDone = progress.chunksDone();
        String shardName = "shard " + request.shardIndex() + " (" + request.rawShardDigest() + ")";

        Path work = null;
        try (InputStream in = publisher.store().open(request.rawShardDigest());
                RawPageShardReader reader = new RawPageShardReader(in, shardName)) {
            work = Files.createTempDirectory("tempered-curate-");
            for (long skipped = 0; skipped < pagesDone; skipped++) {
                if (reader.next() == null)
                    throw new InvalidStageInputException(shardName + " has fewer pages than its checkpoint says");
            }
            boolean more = true;
            while (more) {
                int chunkPages = 0;
                ChunkOutputs chunk =
                        new ChunkOutputs(work, chunksDone, request.shardIndex(), dedup, ChunkOutputs.FILES);
                try (chunk) {
                    TextShardWriter kept = chunk.kept();
                    RawPage page;
                    while (chunkPages < params.chunkDocs() && (page = reader.next()) != null) {
                        chunkPages++;
                        ShardCurator.Outcome outcome = curator.curate(page, funnel);
                        if (outcome instanceof ShardCurator.Outcome.Kept k) {
                            if (chunk.signatures() != null)
                                chunk.signatures()
                                        .add(keptDocs + kept.docs(), k.doc().text());
                            kept.write(k.doc());
                        } else if (outcome instanceof ShardCurator.Outcome.Dropped d) {
                            chunk.exclusions(d.step()).write(d.step(), d.reason(), d.doc());
                        }
                    }
                    more = chunkPages == params.chunkDocs();
                    keptDocs += kept.docs();
                }
                if (chunkPages == 0 && chunksDone > 0) break;
                keptParts.add(publishPart(chunk.keptFile()));
                if (chunk.signatures() != null) signatureParts.add(publishPart(chunk.signatureFile()));
                for (Map.Entry<String, ExclusionWriter> e :
                        chunk.exclusionWriters().entrySet()) {
                    exclusionParts
                            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(publishPart(e.getValue().file()));
                }
                pagesDone += chunkPages;
                chunksDone++;
                ctx.heartbeat(new ShardProgress(
                        chunksDone,
                        pagesDone,
                        keptParts,
                        keptDocs,
                        signatureParts,
                        copy(exclusionParts),
                        funnel.toMap()));
                clean(work);
            }
            // Parts are gzip members: their concatenation is one valid gzip stream.
            String keptDigest = publishConcatenation(
                    keptParts,
                    "text-shard-filtered",
                    Map.of("docs", keptDocs, "shard_index", request.shardIndex(), "format", TextShardWriter.FORMAT));
            Map<String, String> exclusionDigests = new TreeMap<>();
            for (Map.Entry<String, List<String>> e : exclusionParts.entrySet()) {
                exclusionDigests.put(
                        e.getKey(),
                        publishConcatenation(
                                e.getValue(),
                                "curation-exclusions",
                                Map.of(
                                        "step",
                                        e.getKey(),
                                        "shard_index",
                                        request.shardIndex(),
                                        "format",
                                        ExclusionWriter.FORMAT)));
            }
            publisher
                    .lineage()
                    .recordMetrics(
                            UUID.fromString(request.stageRunId()),
                            List.of(
                                    MetricPoint.of(request.shardIndex(), "shard_pages", pagesDone),
                                    MetricPoint.of(request.shardIndex(), "shard_kept", keptDocs)));
            return publishRecord(
                    new FilteredShard(
                            request.shardIndex(),
                            keptDigest,
                            keptDocs,
                            signatureParts,
                            exclusionDigests,
                            funnel.toMap()),
                    request.shardIndex());
        } catch (IOException e) {
            throw new UncheckedIOException("curating " + shardName + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public String appendShardPage(AppendPageRequest request) {
        try {
            return pages.append(request.pageList(), request.kind(), request.firstShard(), request.records());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "storing a page of " + request.kind() + " records failed: " + e.getMessage(), e);
        }
    }

    @Override
    public DedupResult findDuplicates(DedupRequest request) {
        CurationParams params = CurationParams.from(request.params());
        if (!params.dedup()) return new DedupResult(null, 0, 0);
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-dedup-");
            List<Deduplication.ShardSignatures> shards = new ArrayList<>();
            for (String digest : pages.all(request.filteredPages(), FILTERED)) {
                FilteredShard s = readRecord(digest, FilteredShard.class);
                shards.add(new Deduplication.ShardSignatures(s.shardIndex(), s.signatureParts()));
            }
            Deduplication.Outcome outcome = steps.deduplication(params)
                    .findDuplicates(shards, digest -> publisher.store().open(digest), work);
            // Drop lists paged like the filtered records, so finalize finds its shard's the same way.
            List<ShardPages.PageRef> dropPages = new ArrayList<>();
            for (ShardPages.PageRef ref :
                    pages.read(request.filteredPages(), FILTERED).pages()) {
                List<String> lists = new ArrayList<>();
                for (int shard = ref.firstShard(); shard < ref.firstShard() + ref.count(); shard++) {
                    SortedSet<Integer> drops = outcome.drops().getOrDefault(shard, new TreeSet<>());
                    lists.add(publisher
                            .publish(
                                    Json.writeBytes(new DropList(shard, new ArrayList<>(drops))),
                                    "dedup-drop-list",
                                    "application/json",
                                    Map.of("drops", drops.size()))
                            .digest());
                }
                dropPages.add(pages.writePage(DROPS, ref.firstShard(), lists));
            }
            return new DedupResult(pages.write(DROPS, dropPages), outcome.duplicates(), outcome.clusters());
        } catch (IOException e) {
            throw new UncheckedIOException("deduplication failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public String finalizeCuratedShard(FinalizeRequest request) {
        CurationParams params = CurationParams.from(request.params());
        TextTransform pii = steps.pii(params);
        int shardIndex = request.shardIndex();
        Path work = null;
        try {
            FilteredShard shard =
                    readRecord(pages.lookup(request.filteredPages(), FILTERED, shardIndex), FilteredShard.class);
            java.util.Set<Integer> drops = new TreeSet<>();
            if (request.dropPages() != null) {
                drops.addAll(readRecord(pages.lookup(request.dropPages(), DROPS, shardIndex), DropList.class)
                        .drop());
            }
            work = Files.createTempDirectory("tempered-finalize-");
            Funnel funnel = new Funnel();
            Map<String, Long> redactions = new TreeMap<>();
            Path textFile = work.resolve("text.jsonl.gz");
            Path dupFile = work.resolve("dups.jsonl.gz");
            int docs;
            long textBytes;
            int finalizeExclusions;
            try (InputStream in = publisher.store().open(shard.keptDigest());
                    TextShardReader reader = new TextShardReader(in, "filtered shard " + shardIndex);
                    TextShardWriter out = new TextShardWriter(textFile);
                    ExclusionWriter dups = new ExclusionWriter(dupFile)) {
                Document doc;
                int index = 0;
                while ((doc = reader.next()) != null) {
                    long bytes = ShardCurator.utf8Length(doc.text());
                    if (params.dedup()) {
                        StepStats step = funnel.step(DEDUP_STEP);
                        step.in(bytes);
                        if (drops.contains(index++)) {
                            step.drop("minhash_duplicate");
                            dups.write(DEDUP_STEP, "minhash_duplicate", doc);
                            continue;
                        }
                        step.out(bytes);
                    }
                    if (pii != null) {
                        StepStats step = funnel.step(PII_STEP);
                        step.in(bytes);
                        Map<String, Long> changed;
                        try {
                            changed = pii.transform(doc);
                        } catch (TextTransform.Rejected r) {
                            // One unscannable page is dropped and named, never kept unredacted nor failing the
                            // shard; its text is withheld from the exclusions too, which the dashboard shows.
                            step.drop(r.reason());
                            dups.writeWithheld(PII_STEP, r.reason(), doc);
                            continue;
                        }
                        changed.forEach((k, v) -> redactions.merge(k, v, Long::sum));
                        step.out(ShardCurator.utf8Length(doc.text()));
                    }
                    out.write(doc);
                }
                docs = out.docs();
                textBytes = out.textBytes();
                finalizeExclusions = dups.count();
            }
            ArtifactRecord text = publisher.publish(
                    textFile,
                    "text-shard",
                    TextShardWriter.MEDIA_TYPE,
                    Map.of("format", TextShardWriter.FORMAT, "docs", docs, "shard_index", shardIndex));
            String dupDigest = null;
            if (finalizeExclusions > 0) {
                dupDigest = publisher
                        .publish(
                                dupFile,
                                "curation-exclusions",
                                GZIP_JSONL,
                                Map.of("step", DEDUP_STEP, "shard_index", shardIndex, "format", ExclusionWriter.FORMAT))
                        .digest();
            }
            return publishRecord(
                    new FinalShard(shardIndex, text.digest(), docs, textBytes, dupDigest, funnel.toMap(), redactions),
                    shardIndex);
        } catch (IOException e) {
            throw new UncheckedIOException("finalizing shard " + shardIndex + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public StageResult writeCurationReport(ReportRequest request) {
        CurationParams params = CurationParams.from(request.params());
        List<String> stepNames = new ArrayList<>(steps.curator(params).stepNames());
        if (params.dedup()) stepNames.add(DEDUP_STEP);
        if (params.pii()) stepNames.add(PII_STEP);
        try {
            return new CurationReport(publisher)
                    .write(
                            request.rawManifestDigest(),
                            stepNames,
                            request.filteredPages(),
                            request.finalPages(),
                            request.dedup().duplicates(),
                            request.dedup().clusters());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the curation report failed: " + e.getMessage(), e);
        }
    }

    private String publishRecord(Object record, int shardIndex) throws IOException {
        return publisher
                .publish(Json.writeBytes(record), RECORD_KIND, "application/json", Map.of("shard_index", shardIndex))
                .digest();
    }

    private <T> T readRecord(String digest, Class<T> type) throws IOException {
        return Json.MAPPER.readValue(publisher.store().readAllBytes(digest), type);
    }

    private String publishPart(Path file) throws IOException {
        return publisher.publish(file, PART_KIND, GZIP_JSONL, Map.of()).digest();
    }

    private String publishConcatenation(List<String> parts, String kind, Map<String, Object> metadata)
            throws IOException {
        Iterator<String> it = parts.iterator();
        Enumeration<InputStream> streams = new Enumeration<>() {
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            public InputStream nextElement() {
                try {
                    return publisher.store().open(it.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try (InputStream all = new SequenceInputStream(streams)) {
            return publisher.publish(all, kind, GZIP_JSONL, metadata).digest();
        }
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> c = new TreeMap<>();
        m.forEach((k, v) -> c.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(c);
    }

    private static void clean(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
    }
}
