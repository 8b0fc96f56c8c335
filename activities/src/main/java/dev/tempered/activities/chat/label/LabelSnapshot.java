package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.Resolution;
import dev.tempered.storage.labels.StoredLabel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a project's stored labels into the stage's outputs: every pair implied by each ranking
 * (one per two responses of different rank, grouped by task and labeler), the labelers' ideal
 * answers as conversations, and the report's counts and agreement. Pure: the activity reads the
 * database and writes the artifacts.
 *
 * <p>A pair whose two replies are the same text is left out (and counted): the preferences format
 * refuses it, rightly, since it teaches nothing. Skips and can't-judge labels yield no pairs.
 *
 * <p>Reviewers' resolutions ({@link Resolution}) decide disputed pairs: where a reviewer picked the
 * better of two responses, every labeler's pair on those two that agrees with the reviewer gets
 * confidence 1 and every pair that contradicts it is dropped; where the reviewer said tie or
 * unclear, every labeler's pair on those two is dropped. Both drops are counted in the report.
 */
public final class LabelSnapshot {
    /** The labeling report's format. */
    public static final String REPORT_FORMAT = "tempered.labeling-report/v1";

    public static final String REPORT_KIND = "labeling-report";

    /** The report: counts, flags and agreement (per project and per labeler). */
    public record Report(
            String format,
            String project,
            int tasks,
            int tasksWithQuorum,
            int labels,
            int skipped,
            int cantJudge,
            int flaggedUnsafe,
            int pairs,
            int identicalPairsLeftOut,
            int resolvedPairs,
            int pairsDroppedByReview,
            int demonstrations,
            Agreement.Report agreement) {}

    /** Everything the snapshot writes. */
    public record Outputs(List<PreferencePair> preferences, List<Conversation> demonstrations, Report report) {}

    private LabelSnapshot() {}

    public static Outputs of(String project, List<LabelTask> tasks, List<StoredLabel> labels) {
        return of(project, tasks, labels, List.of());
    }

    public static Outputs of(
            String project, List<LabelTask> tasks, List<StoredLabel> labels, List<Resolution> resolutions) {
        Map<UUID, LabelTask> byId = new LinkedHashMap<>();
        for (LabelTask t : tasks) byId.put(t.id(), t);
        Map<UUID, List<Conversation>> conversations = new TreeMap<>();
        List<PreferencePair> pairs = new ArrayList<>();
        List<Conversation> demonstrations = new ArrayList<>();
        List<RankedLabel> ranked = new ArrayList<>();
        int identical = 0, skipped = 0, cantJudge = 0, unsafe = 0, droppedByReview = 0;
        for (StoredLabel l : labels) {
            LabelTask t = byId.get(l.taskId());
            if (t == null)
                throw new IllegalStateException(
                        "label " + l.id() + " is of task " + l.taskId() + ", not in " + project);
            List<Conversation> replies = conversations.computeIfAbsent(t.id(), k -> parse(t));
            if (l.flags().contains("skip")) skipped++;
            if (l.flags().contains("cant-judge")) cantJudge++;
            if (l.flags().contains("unsafe")) unsafe++;
            ranked.add(new RankedLabel(
                    t.id().toString(), l.labeler(), t.responses().size(), l.ranking(), t.goldResponse()));
            Conversation prompt = replies.get(0).withoutLast();
            if (l.idealAnswer() != null && !l.idealAnswer().isBlank()) {
                demonstrations.add(new Conversation(
                        prompt.with(Message.assistant(l.idealAnswer().strip())).messages(),
                        "labeling",
                        replies.get(0).task(),
                        prompt.id() + "/demo/" + l.labeler()));
            }
            if (l.ranking().isEmpty()) continue;
            int[] ranks = new RankedLabel(
                            t.id().toString(), l.labeler(), t.responses().size(), l.ranking(), null)
                    .ranks();
            double confidence = l.confidence() == null ? 1.0 : l.confidence() / 5.0;
            for (int i = 0; i < ranks.length; i++) {
                for (int j = 0; j < ranks.length; j++) {
                    if (ranks[i] >= ranks[j]) continue;
                    if (replies.get(i).last().equals(replies.get(j).last())) {
                        identical++;
                        continue;
                    }
                    double pairConfidence = confidence;
                    Resolution verdict = verdict(resolutions, t, i, j);
                    if (verdict != null) {
                        if (verdict.winner() == null || verdict.winner() != i) {
                            droppedByReview++;
                            continue;
                        }
                        pairConfidence = 1.0;
                    }
                    pairs.add(new PreferencePair(
                            t.id() + "/" + l.labeler(),
                            t.id().toString(),
                            prompt.id(),
                            l.labeler(),
                            "r" + i,
                            "r" + j,
                            ranks[i],
                            ranks[j],
                            pairConfidence,
                            replies.get(i),
                            replies.get(j)));
                }
            }
        }
        int closed = (int) tasks.stream().filter(t -> !t.open()).count();
        Report report = new Report(
                REPORT_FORMAT,
                project,
                tasks.size(),
                closed,
                labels.size(),
                skipped,
                cantJudge,
                unsafe,
                pairs.size(),
                identical,
                resolutions.size(),
                droppedByReview,
                demonstrations.size(),
                Agreement.of(ranked));
        return new Outputs(pairs, demonstrations, report);
    }

    /** The reviewer's verdict on responses {@code i} and {@code j} of {@code t}, or null when there is none. */
    private static Resolution verdict(List<Resolution> resolutions, LabelTask t, int i, int j) {
        for (Resolution r : resolutions) if (r.covers(t.id(), i, j)) return r;
        return null;
    }

    private static List<Conversation> parse(LabelTask t) {
        List<Conversation> out = new ArrayList<>();
        for (String json : t.conversations()) out.add(ConversationJson.parse(json));
        return out;
    }
}
