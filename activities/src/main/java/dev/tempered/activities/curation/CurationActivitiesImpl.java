package dev.tempered.activities.curation;

import dev.tempered.activities.StageWork;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.ingest.IngestManifest;
import dev.tempered.activities.ingest.RawPage;
import dev.tempered.activities.ingest.RawPageShardReader;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.storage.MetricPoint;
import dev.tempered.workflows.CurationActivities;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
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
import java.util.LinkedHashMap;
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
 */
public final class CurationActivitiesImpl implements CurationActivities {
    static final String PART_KIND = "curation-part";
    static final String GZIP_JSONL = "application/x-ndjson+gzip";
    public static final String TEXT_MANIFEST_KIND = "text-manifest";
    public static final String TEXT_MANIFEST_FORMAT = "tempered.text-manifest/v1";
    static final String DEDUP_STEP = "minhash_dedup";
    static final String PII_STEP = "pii";

    private final ArtifactPublisher publisher;
    private final CurationSteps steps;

    public CurationActivitiesImpl(ArtifactPublisher publisher, CurationSteps steps) {
        this.publisher = publisher;
        this.steps = steps;
    }

    @Override
    public List<String> listRawPageShards(StageRequest request) {
        String manifestDigest = request.inputs().get("in");
        if (manifestDigest == null) throw new InvalidStageInputException("curate needs the raw-pages manifest as input 'in'");
        try {
            IngestManifest manifest = Json.MAPPER.readValue(publisher.store().readAllBytes(manifestDigest), IngestManifest.class);
            if (!IngestManifest.FORMAT.equals(manifest.format())) {
                throw new InvalidStageInputException("artifact " + manifestDigest + " is not a raw-pages manifest (format '"
                        + manifest.format() + "')");
            }
            return manifest.shards().stream().map(s -> s.digest()).toList();
        } catch (IOException e) {
            throw new InvalidStageInputException("raw-pages manifest " + manifestDigest + " is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public FilteredShard curateShard(ShardRequest request) {
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
                if (reader.next() == null) throw new InvalidStageInputException(shardName + " has fewer pages than its checkpoint says");
            }
            boolean more = true;
            while (more) {
                Path keptFile = work.resolve("kept-" + chunksDone + ".jsonl.gz");
                Map<String, ExclusionWriter> exclusions = new LinkedHashMap<>();
                int chunkPages = 0;
                Deduplication.SignatureSink sigs = dedup == null ? null : dedup.newSink(work.resolve("sig-" + chunksDone), request.shardIndex());
                try (TextShardWriter kept = new TextShardWriter(keptFile)) {
                    RawPage page;
                    while (chunkPages < params.chunkDocs() && (page = reader.next()) != null) {
                        chunkPages++;
                        ShardCurator.Outcome outcome = curator.curate(page, funnel);
                        if (outcome instanceof ShardCurator.Outcome.Kept k) {
                            if (sigs != null) sigs.add(keptDocs + kept.docs(), k.doc().text());
                            kept.write(k.doc());
                        } else if (outcome instanceof ShardCurator.Outcome.Dropped d) {
                            ExclusionWriter w = exclusions.get(d.step());
                            if (w == null) {
                                w = new ExclusionWriter(work.resolve("excl-" + d.step() + "-" + chunksDone + ".jsonl.gz"));
                                exclusions.put(d.step(), w);
                            }
                            w.write(d.step(), d.reason(), d.doc());
                        }
                    }
                    more = chunkPages == params.chunkDocs();
                    keptDocs += kept.docs();
                } finally {
                    for (ExclusionWriter w : exclusions.values()) w.close();
                    if (sigs != null) sigs.close();
                }
                if (chunkPages == 0 && chunksDone > 0) break;
                keptParts.add(publishPart(keptFile));
                if (sigs != null) signatureParts.add(publishPart(work.resolve("sig-" + chunksDone)));
                for (Map.Entry<String, ExclusionWriter> e : exclusions.entrySet()) {
                    exclusionParts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(publishPart(e.getValue().file()));
                }
                pagesDone += chunkPages;
                chunksDone++;
                ctx.heartbeat(new ShardProgress(chunksDone, pagesDone, keptParts, keptDocs, signatureParts,
                        copy(exclusionParts), funnel.toMap()));
                clean(work);
            }
            // Parts are gzip members: their concatenation is one valid gzip stream.
            String keptDigest = publishConcatenation(keptParts, "text-shard-filtered", Map.of("docs", keptDocs,
                    "shard_index", request.shardIndex(), "format", TextShardWriter.FORMAT));
            Map<String, String> exclusionDigests = new TreeMap<>();
            for (Map.Entry<String, List<String>> e : exclusionParts.entrySet()) {
                exclusionDigests.put(e.getKey(), publishConcatenation(e.getValue(), "curation-exclusions",
                        Map.of("step", e.getKey(), "shard_index", request.shardIndex(), "format", ExclusionWriter.FORMAT)));
            }
            publisher.lineage().recordMetrics(UUID.fromString(request.stageRunId()), List.of(
                    MetricPoint.of(request.shardIndex(), "shard_pages", pagesDone),
                    MetricPoint.of(request.shardIndex(), "shard_kept", keptDocs)));
            return new FilteredShard(request.shardIndex(), keptDigest, keptDocs, signatureParts, exclusionDigests, funnel.toMap());
        } catch (IOException e) {
            throw new UncheckedIOException("curating " + shardName + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public DedupResult findDuplicates(DedupRequest request) {
        CurationParams params = CurationParams.from(request.params());
        if (!params.dedup()) return new DedupResult(Map.of(), 0, 0);
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-dedup-");
            List<Deduplication.ShardSignatures> shards = request.shards().stream()
                    .map(s -> new Deduplication.ShardSignatures(s.shardIndex(), s.signatureParts())).toList();
            Deduplication.Outcome outcome = steps.deduplication(params).findDuplicates(shards,
                    digest -> publisher.store().open(digest), work);
            Map<Integer, String> dropLists = new TreeMap<>();
            for (FilteredShard s : request.shards()) {
                SortedSet<Integer> drops = outcome.drops().getOrDefault(s.shardIndex(), new TreeSet<>());
                ArtifactRecord list = publisher.publish(Json.writeBytes(Map.of("shard_index", s.shardIndex(),
                        "drop", new ArrayList<>(drops))), "dedup-drop-list", "application/json", Map.of("drops", drops.size()));
                dropLists.put(s.shardIndex(), list.digest());
            }
            return new DedupResult(dropLists, outcome.duplicates(), outcome.clusters());
        } catch (IOException e) {
            throw new UncheckedIOException("deduplication failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public FinalShard finalizeCuratedShard(FinalizeRequest request) {
        CurationParams params = CurationParams.from(request.params());
        TextTransform pii = steps.pii(params);
        FilteredShard shard = request.shard();
        Path work = null;
        try {
            java.util.Set<Integer> drops = new TreeSet<>();
            if (request.dropListDigest() != null) {
                Map<String, Object> list = Json.readMap(new String(publisher.store().readAllBytes(request.dropListDigest()),
                        java.nio.charset.StandardCharsets.UTF_8));
                for (Object o : (List<Object>) list.get("drop")) drops.add(((Number) o).intValue());
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
                 TextShardReader reader = new TextShardReader(in, "filtered shard " + shard.shardIndex());
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
                            // One unscannable page is dropped and named, never kept unredacted nor failing the shard.
                            step.drop(r.reason());
                            dups.write(PII_STEP, r.reason(), doc);
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
            ArtifactRecord text = publisher.publish(textFile, "text-shard", TextShardWriter.MEDIA_TYPE,
                    Map.of("format", TextShardWriter.FORMAT, "docs", docs, "shard_index", shard.shardIndex()));
            String dupDigest = null;
            if (finalizeExclusions > 0) {
                dupDigest = publisher.publish(dupFile, "curation-exclusions", GZIP_JSONL, Map.of("step", DEDUP_STEP,
                        "shard_index", shard.shardIndex(), "format", ExclusionWriter.FORMAT)).digest();
            }
            return new FinalShard(shard.shardIndex(), text.digest(), docs, textBytes, dupDigest, funnel.toMap(), redactions);
        } catch (IOException e) {
            throw new UncheckedIOException("finalizing shard " + shard.shardIndex() + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public StageResult writeCurationReport(ReportRequest request) {
        CurationParams params = CurationParams.from(request.params());
        Funnel funnel = new Funnel();
        // Canonical step order, whatever order the shards met them in.
        for (String step : steps.curator(params).stepNames()) funnel.step(step);
        if (params.dedup()) funnel.step(DEDUP_STEP);
        if (params.pii()) funnel.step(PII_STEP);
        for (FilteredShard s : request.filtered()) funnel.add(Funnel.fromMap(s.funnel()));
        Map<String, Long> redactions = new TreeMap<>();
        for (FinalShard f : request.finals()) {
            funnel.add(Funnel.fromMap(f.funnel()));
            f.piiRedactions().forEach((k, v) -> redactions.merge(k, v, Long::sum));
        }
        List<FinalShard> finals = new ArrayList<>(request.finals());
        finals.sort(java.util.Comparator.comparingInt(FinalShard::shardIndex));
        long docs = finals.stream().mapToLong(FinalShard::docs).sum();
        long bytes = finals.stream().mapToLong(FinalShard::textBytes).sum();
        try {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("format", "tempered.curation-stats/v1");
            stats.put("funnel", funnel.toMap());
            stats.put("pii_redactions", redactions);
            stats.put("duplicates", request.dedup().duplicates());
            stats.put("clusters", request.dedup().clusters());
            stats.put("docs", docs);
            stats.put("text_bytes", bytes);
            ArtifactRecord statsArtifact = publisher.publish(Json.writeBytes(stats), "curation-stats", "application/json",
                    Map.of("docs", docs));

            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", TEXT_MANIFEST_FORMAT);
            manifest.put("shard_format", TextShardWriter.FORMAT);
            manifest.put("source", request.rawManifestDigest());
            manifest.put("shards", finals.stream().map(f -> Map.of("digest", f.textShardDigest(), "docs", f.docs(),
                    "text_bytes", f.textBytes())).toList());
            manifest.put("docs", docs);
            manifest.put("text_bytes", bytes);
            manifest.put("stats", statsArtifact.digest());
            ArtifactRecord manifestArtifact = publisher.publish(Json.writeBytes(manifest), TEXT_MANIFEST_KIND,
                    "application/json", Map.of("docs", docs, "shards", finals.size()));

            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("manifest", manifestArtifact.digest()));
            outputs.add(new OutputRef("stats", statsArtifact.digest()));
            for (FinalShard f : finals) outputs.add(new OutputRef("shard", f.textShardDigest()));
            for (FilteredShard s : request.filtered()) {
                s.exclusions().forEach((step, digest) -> outputs.add(new OutputRef("excluded_" + step, digest)));
            }
            for (FinalShard f : finals) {
                if (f.dedupExclusions() != null) outputs.add(new OutputRef("excluded_" + DEDUP_STEP, f.dedupExclusions()));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("docs", docs);
            summary.put("text_bytes", bytes);
            summary.put("shards", finals.size());
            summary.put("duplicates", request.dedup().duplicates());
            summary.put("pii_redactions", redactions);
            summary.put("funnel", funnel.toMap());
            // The summary is stored as jsonb, which does not keep key order: the dashboard draws the
            // funnel in this order instead of knowing curation's steps itself.
            summary.put("funnel_steps", List.copyOf(funnel.steps().keySet()));
            return new StageResult(manifestArtifact.digest(), outputs, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the curation report failed: " + e.getMessage(), e);
        }
    }

    private String publishPart(Path file) throws IOException {
        return publisher.publish(file, PART_KIND, GZIP_JSONL, Map.of()).digest();
    }

    private String publishConcatenation(List<String> parts, String kind, Map<String, Object> metadata) throws IOException {
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
