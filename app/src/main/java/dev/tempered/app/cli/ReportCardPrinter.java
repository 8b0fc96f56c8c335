package dev.tempered.app.cli;

import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints the report cards of a run's {@code evaluate} stages side by side (the demo evaluates the
 * base and the SFT model): per held-out task the accuracy with the tool, without it and the share
 * of well-formed replies, and the bar a constant answer clears (the commonest right answer's share
 * of the items), then validation loss and bits per byte, and, when a card has a {@code facts}
 * section, the hallucination-control rates. Reads the {@code report-card}
 * artifacts ({@code tempered.report-card/v1}) the stages wrote.
 */
final class ReportCardPrinter {
    private ReportCardPrinter() {}

    static void print(LineageStore lineage, ArtifactStore store, String runId, PrintStream out) {
        List<Map<String, Object>> cards = new ArrayList<>();
        List<String> trainers = new ArrayList<>();
        lineage.run(runId).ifPresent(run -> {
            Map<String, String> madeBy = ModelTrainers.byDigest(run);
            for (StageRunRecord stage : run.stages()) {
                if (!"evaluate".equals(stage.stage())) continue;
                Object digest = stage.summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT);
                if (digest == null) continue;
                try {
                    Map<String, Object> card = Json.readMap(
                            new String(store.readAllBytes(digest.toString()), java.nio.charset.StandardCharsets.UTF_8));
                    cards.add(card);
                    trainers.add(madeBy.get(String.valueOf(card.get("model"))));
                } catch (IOException | RuntimeException e) {
                    out.println("report card " + digest + " could not be read: " + e.getMessage());
                }
            }
        });
        print(cards, trainers, out);
    }

    /** The cards side by side, one column each, in the order given; nothing when there are none. */
    static void print(List<Map<String, Object>> cards, PrintStream out) {
        print(cards, java.util.Collections.nCopies(cards.size(), null), out);
    }

    /**
     * The cards side by side, each column headed by the pipeline stage that trained its model
     * ({@code sft}, {@code ppo}, {@code rlvr}...; the model kind where {@code trainers} has null):
     * SFT, PPO and RLVR checkpoints are all chat models, so the kind alone does not tell them apart.
     */
    static void print(List<Map<String, Object>> cards, List<String> trainers, PrintStream out) {
        if (cards.isEmpty()) return;
        if (trainers.size() != cards.size()) {
            throw new IllegalArgumentException(
                    "one trainer per card: " + trainers.size() + " trainers for " + cards.size() + " cards");
        }
        out.println("report card (held-out splits; accuracy with the tool / without it / well-formed replies):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "task"));
        for (int i = 0; i < cards.size(); i++) {
            header.append(String.format(Locale.ROOT, " %-26s", column(cards.get(i), trainers.get(i))));
        }
        out.println(header.append(" commonest answer"));
        for (String task : tasks(cards)) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-12s", task));
            for (Map<String, Object> c : cards) row.append(String.format(Locale.ROOT, " %-26s", cell(c, task)));
            out.println(row.append(' ').append(commonestAnswer(cards, task)));
        }
        StringBuilder loss = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "val loss"));
        for (Map<String, Object> c : cards) {
            loss.append(String.format(
                    Locale.ROOT,
                    " %-26s",
                    number(c.get("val_loss"), "%.3f") + " nats, " + number(c.get("bits_per_byte"), "%.3f") + " bpb"));
        }
        out.println(loss);
        if (cards.stream().anyMatch(c -> facts(c) != null)) printFacts(cards, out);
    }

    /**
     * The hallucination-control rows, when a card has a {@code facts} section: how many held-out fact
     * questions were asked (and how many are about entities pretraining documented), the share of
     * confidently wrong answers among those the model cannot know or got wrong, accuracy and the
     * refusal rate on the documented ones. A card without the section shows dashes.
     */
    private static void printFacts(List<Map<String, Object>> cards, PrintStream out) {
        StringBuilder questions = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "fact Qs"));
        StringBuilder hallucination = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "halluc. rate"));
        StringBuilder accuracy = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "known acc."));
        StringBuilder overRefusal = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "over-refusal"));
        for (Map<String, Object> c : cards) {
            Map<String, Object> f = facts(c);
            String asked = f == null
                    ? "—"
                    : integer(f.get("questions")) + " (" + integer(f.get("known_questions")) + " known)";
            questions.append(String.format(Locale.ROOT, " %-26s", asked));
            hallucination.append(
                    String.format(Locale.ROOT, " %-26s", f == null ? "—" : percent(f.get("hallucination_rate"))));
            accuracy.append(String.format(Locale.ROOT, " %-26s", f == null ? "—" : percent(f.get("known_accuracy"))));
            overRefusal.append(String.format(Locale.ROOT, " %-26s", f == null ? "—" : percent(f.get("over_refusal"))));
        }
        out.println(questions.toString().stripTrailing());
        out.println(hallucination.toString().stripTrailing());
        out.println(accuracy.toString().stripTrailing());
        out.println(overRefusal.toString().stripTrailing());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(Map<String, Object> card) {
        return card.get("facts") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static String integer(Object v) {
        return v instanceof Number n ? Long.toString(n.longValue()) : "—";
    }

    private static String column(Map<String, Object> card, String trainer) {
        String model = String.valueOf(card.get("model"));
        String who = trainer == null ? String.valueOf(card.get("model_kind")) : trainer;
        return who + " step " + card.get("step") + " " + model.substring(0, Math.min(8, model.length()));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> tasks(List<Map<String, Object>> cards) {
        Set<String> tasks = new LinkedHashSet<>();
        for (Map<String, Object> c : cards) {
            if (c.get("tasks") instanceof List<?> list) {
                for (Object t : list) tasks.add(String.valueOf(((Map<String, Object>) t).get("task")));
            }
        }
        return tasks;
    }

    private static String cell(Map<String, Object> card, String task) {
        Map<String, Object> t = task(card, task);
        if (t == null) return "—";
        return percent(t.get("accuracy")) + " / " + percent(t.get("accuracy_without_tool")) + " / "
                + percent(t.get("format_compliance"));
    }

    /** The share a constant answer would score, from the first card that has it (all grade the same items). */
    private static String commonestAnswer(List<Map<String, Object>> cards, String task) {
        for (Map<String, Object> c : cards) {
            Map<String, Object> t = task(c, task);
            if (t != null && t.get("commonest_answer_rate") instanceof Number n) return percent(n);
        }
        return "—";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> task(Map<String, Object> card, String task) {
        if (!(card.get("tasks") instanceof List<?> list)) return null;
        for (Object o : list) {
            Map<String, Object> t = (Map<String, Object>) o;
            if (task.equals(t.get("task"))) return t;
        }
        return null;
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.0f%%", n.doubleValue() * 100) : "—";
    }

    private static String number(Object v, String format) {
        return v instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "—";
    }
}
