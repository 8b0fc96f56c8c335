package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a labels snapshot's three artifacts (preferences, demonstrations, labeling report) and
 * the stage result that names them: the {@code label} stage's end and the {@code label-snapshot}
 * stage's whole output, so both give the reward stage the same shapes.
 */
final class LabelSnapshotArtifacts {
    private LabelSnapshotArtifacts() {}

    static StageResult publish(ArtifactPublisher publisher, LabelSnapshot.Outputs out) {
        String project = out.report().project();
        try {
            ByteArrayOutputStream prefs = new ByteArrayOutputStream();
            PreferenceFile.write(out.preferences(), prefs);
            ArtifactRecord preferences = publisher.publish(
                    prefs.toByteArray(),
                    PreferenceFile.KIND,
                    PreferenceFile.MEDIA_TYPE,
                    Map.of("pairs", out.preferences().size(), "project", project));
            ByteArrayOutputStream demos = new ByteArrayOutputStream();
            ConversationFile.write(out.demonstrations(), demos);
            ArtifactRecord demonstrations = publisher.publish(
                    demos.toByteArray(),
                    ConversationFile.KIND,
                    ConversationFile.MEDIA_TYPE,
                    Map.of(
                            "split",
                            "demonstrations",
                            "conversations",
                            out.demonstrations().size()));
            ArtifactRecord report = publisher.publish(
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(out.report()),
                    LabelSnapshot.REPORT_KIND,
                    "application/json",
                    Map.of(
                            "format",
                            LabelSnapshot.REPORT_FORMAT,
                            "labels",
                            out.report().labels()));
            LabelSnapshot.Report r = out.report();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("tasks", r.tasks());
            summary.put("tasks_with_quorum", r.tasksWithQuorum());
            summary.put("labels", r.labels());
            summary.put("pairs", r.pairs());
            summary.put("demonstrations", r.demonstrations());
            summary.put("pairwise_agreement", finite(r.agreement().pairwiseAgreement()));
            summary.put("krippendorff_alpha", finite(r.agreement().krippendorffAlphaOrdinal()));
            summary.put("gold_accuracy", finite(r.agreement().goldAccuracy()));
            summary.put("labeling_report", report.digest());
            return new StageResult(
                    preferences.digest(),
                    List.of(
                            new OutputRef("preferences", preferences.digest()),
                            new OutputRef("demonstrations", demonstrations.digest()),
                            new OutputRef("labeling-report", report.digest())),
                    summary);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the snapshot of " + project + " failed: " + e.getMessage(), e);
        }
    }

    private static Object finite(double x) {
        return Double.isFinite(x) ? Math.round(x * 10_000) / 10_000.0 : "n/a";
    }
}
