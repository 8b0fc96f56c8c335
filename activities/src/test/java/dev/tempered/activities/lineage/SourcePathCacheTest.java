package dev.tempered.activities.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.ingest.SourceImporter;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.LineageActivities.CompleteStageRequest;
import dev.tempered.workflows.LineageActivities.PlanStageRequest;
import dev.tempered.workflows.LineageActivities.StagePlan;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.StageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same source files named by a relative and by an absolute path are the same bytes: the second
 * ingest is a cache hit, and lineage still shows the path each submission named.
 */
class SourcePathCacheTest {
    @TempDir
    Path dir;

    @Test
    void theSameSourcesSpelledTwoWaysHitTheCache() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        S3ArtifactStore store = StorageFixture.get().newArtifactStore("source-path-cache");
        ArtifactPublisher publisher = new ArtifactPublisher(store, lineage);
        LineageActivitiesImpl activities = new LineageActivitiesImpl(lineage, store);
        Path html = Files.createDirectories(dir.resolve("pages"));
        // Unique bytes: no earlier test run can have cached this ingest.
        Files.writeString(html.resolve("a.html"), "<html><body>" + UUID.randomUUID() + "</body></html>");

        SourceImporter importer = new SourceImporter(publisher);
        var relative = importer.importSources(dir, List.of("pages"), "test");
        var absolute = importer.importSources(dir.resolve("elsewhere"), List.of(html.toString()), "test");
        assertNotEquals(relative.digest(), absolute.digest(), "the manifests name different paths");

        StagePlan first = plan(activities, lineage, relative);
        assertFalse(first.cached());
        ArtifactRecord output = publisher.publish(
                ("pages of " + relative.digest()).getBytes(), "raw-pages-manifest", "application/json", Map.of());
        activities.completeStage(new CompleteStageRequest(
                first.stageRunId(),
                new StageResult(output.digest(), List.of(new OutputRef("manifest", output.digest())), Map.of())));

        StagePlan second = plan(activities, lineage, absolute);
        assertTrue(second.cached(), "the same bytes under an absolute path must reuse the first ingest");
        assertEquals(output.digest(), second.result().primary());
        // Lineage keeps what each submission named (its own manifest) and the path the file was first uploaded under.
        var inputs = lineage.stageRun(UUID.fromString(second.stageRunId()))
                .orElseThrow()
                .inputs();
        assertTrue(inputs.stream().anyMatch(i -> i.digest().equals(absolute.digest())));
        assertEquals(
                "pages/a.html",
                inputs.stream()
                        .filter(i -> i.name().equals("source-00000"))
                        .findFirst()
                        .orElseThrow()
                        .path());
    }

    private static StagePlan plan(
            LineageActivitiesImpl activities, LineageStore lineage, SourceImporter.Imported sources) {
        String runId = "source-path-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "source-path", Map.of(), null);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("sources", sources.digest());
        List<NamedDigest> files = sources.manifest().entries().stream()
                .map(e -> new NamedDigest("f", e.digest()))
                .toList();
        for (int f = 0; f < files.size(); f++)
            inputs.put(String.format("source-%05d", f), files.get(f).digest());
        return activities.planStage(
                new PlanStageRequest(runId, 0, new StageSpec("ingest", Map.of(), inputs), inputs, false, runId, "r1"));
    }
}
