package dev.tempered.app.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.label.LabelSnapshot;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageResult;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The durability tests' one assertion: the label stage's snapshot holds every acknowledged
 * submission exactly once and nothing else. Checked three ways, each independent of the others:
 * the database's rows (id, key, task, labeler), the demonstrations (each ideal answer names its
 * submission's key, see {@link LabelerCrowd#idealAnswer}), and the preferences (the pairs of each
 * task and labeler, as many as that ranking implies), plus the labeling report's count.
 */
public final class AcknowledgedLabels {
    private AcknowledgedLabels() {}

    public static void assertSnapshotHoldsExactly(
            Map<UUID, LabelerCrowd.Ack> acknowledged,
            StageResult snapshot,
            ArtifactStore store,
            LabelStore labels,
            String project)
            throws Exception {
        Map<String, String> out = new HashMap<>();
        for (OutputRef o : snapshot.outputs()) out.put(o.name(), o.digest());

        Map<UUID, LabelerCrowd.Ack> stored = new HashMap<>();
        for (StoredLabel l : labels.labels(project)) {
            stored.put(l.id(), new LabelerCrowd.Ack(l.id(), l.taskId(), l.labeler(), l.idempotencyKey()));
        }
        assertEquals(acknowledged, stored, "the database holds each acknowledged submission once, nothing else");

        LabelSnapshot.Report report =
                Json.MAPPER.readValue(store.readAllBytes(out.get("labeling-report")), LabelSnapshot.Report.class);
        assertEquals(acknowledged.size(), report.labels(), "labels in the labeling report");

        // Demonstrations: "<prompt id>/demo/<labeler>" with the ideal answer naming the key.
        Map<String, String> expectedDemos = new HashMap<>();
        for (LabelerCrowd.Ack a : acknowledged.values()) {
            expectedDemos.put(LabelerCrowd.idealAnswer(a.idempotencyKey()), a.labeler());
        }
        List<Conversation> demos = new ArrayList<>();
        try (InputStream in = store.open(out.get("demonstrations"))) {
            ConversationFile.read(in, "demonstrations", ConversationValidator.defaults(), demos::add);
        }
        Map<String, String> seenDemos = new HashMap<>();
        for (Conversation d : demos) {
            String labeler = d.id().substring(d.id().lastIndexOf("/demo/") + "/demo/".length());
            String before = seenDemos.put(d.last().text(), labeler);
            assertTrue(
                    before == null,
                    "one submission's ideal answer twice in the snapshot: "
                            + d.last().text());
        }
        assertEquals(expectedDemos, seenDemos, "one demonstration per acknowledged submission, by its labeler");

        // Preferences: a label ranking K responses strictly implies one pair per two responses of
        // different text; the snapshot holds exactly those, grouped "<task>/<labeler>".
        Map<UUID, LabelTask> tasks = new HashMap<>();
        for (LabelTask t : labels.tasks(project)) tasks.put(t.id(), t);
        Map<String, Integer> expectedPairs = new HashMap<>();
        for (LabelerCrowd.Ack a : acknowledged.values()) {
            int n = distinctPairs(tasks.get(a.taskId()));
            if (n > 0) expectedPairs.merge(a.taskId() + "/" + a.labeler(), n, Integer::sum);
        }
        List<PreferencePair> pairs;
        try (InputStream in = store.open(out.get("preferences"))) {
            pairs = PreferenceFile.readAll(in, "preferences", ConversationValidator.defaults());
        }
        Map<String, Integer> seenPairs = new HashMap<>();
        for (PreferencePair p : pairs) seenPairs.merge(p.group(), 1, Integer::sum);
        assertEquals(expectedPairs, seenPairs, "each acknowledged ranking's pairs once, under its task and labeler");
        assertEquals(report.pairs(), pairs.size());
    }

    private static int distinctPairs(LabelTask t) {
        List<Conversation> replies = new ArrayList<>();
        for (String json : t.conversations()) replies.add(ConversationJson.parse(json));
        int n = 0;
        for (int i = 0; i < replies.size(); i++)
            for (int j = i + 1; j < replies.size(); j++)
                if (!replies.get(i).last().equals(replies.get(j).last())) n++;
        return n;
    }
}
