package dev.tempered.activities.chat.label;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.Resolution;
import dev.tempered.storage.labels.ReviewStore;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Snapshots labels that people (or simulated labelers) have already acknowledged, in existing
 * projects, up to an instant: the same preferences, demonstrations and labeling report as the
 * {@code label} stage, without creating a project or waiting. Labels and reviewers' resolutions
 * after {@code until} are left out, so the same params give the same bytes however many labels
 * arrive later. Projects are read in id order and each project's labels in its own order.
 */
public final class LabelSnapshotActivitiesImpl implements LabelSnapshotActivities {
    private final ArtifactPublisher publisher;

    public LabelSnapshotActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult snapshotAcknowledgedLabels(StageRequest request) {
        LabelSnapshotParams p = LabelSnapshotParams.of(request.params());
        Instant until = until(p.until());
        LabelStore labels = new LabelStore(publisher.lineage().dataSource());
        ReviewStore reviews = new ReviewStore(publisher.lineage().dataSource());
        Set<String> known = new TreeSet<>();
        for (LabelProject project : labels.projects()) known.add(project.id());
        Set<String> chosen = new TreeSet<>(p.projects().isEmpty() ? known : p.projects());
        for (String id : chosen) {
            if (!known.contains(id)) {
                throw new InvalidStageInputException("label-snapshot: no labeling project '" + id + "'; projects are "
                        + known + " (./tempered runs shows the label stages that created them)");
            }
        }
        List<LabelTask> tasks = new ArrayList<>();
        List<StoredLabel> kept = new ArrayList<>();
        List<Resolution> resolutions = new ArrayList<>();
        for (String id : chosen) {
            tasks.addAll(labels.tasks(id));
            for (StoredLabel l : labels.labels(id)) if (!l.submittedAt().isAfter(until)) kept.add(l);
            for (Resolution r : reviews.resolutions(id)) if (!r.at().isAfter(until)) resolutions.add(r);
        }
        resolutions.sort(Comparator.comparing(Resolution::at));
        LabelSnapshot.Outputs out = LabelSnapshot.of("labels-until-" + until, tasks, kept, resolutions);
        return LabelSnapshotArtifacts.publish(publisher, out);
    }

    private static Instant until(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidStageInputException("label-snapshot: param 'until' is empty; give the instant to snapshot"
                    + " up to (ISO-8601, e.g. 2026-12-06T18:00:00Z), or let a retraining schedule fill it in");
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidStageInputException("label-snapshot: param 'until' is '" + text
                    + "'; expected an ISO-8601 instant such as " + "2026-12-06T18:00:00Z");
        }
    }
}
