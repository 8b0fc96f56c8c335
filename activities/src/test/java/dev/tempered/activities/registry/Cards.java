package dev.tempered.activities.registry;

import dev.tempered.activities.chat.eval.ReportCard;
import java.util.List;

/** Report cards for the gate and promotion tests: one arithmetic task, a dialog task, a loss. */
final class Cards {
    static final String HELDOUT = "c".repeat(64);

    private Cards() {}

    static ReportCard card(String model, double arithmetic, double valLoss) {
        return card(model, HELDOUT, arithmetic, 0.97, valLoss, true);
    }

    static ReportCard card(
            String model, String heldout, double arithmetic, double compliance, double valLoss, boolean withDialog) {
        List<ReportCard.TaskScore> tasks = withDialog
                ? List.of(
                        new ReportCard.TaskScore(
                                "arithmetic", 200, true, arithmetic, 0.05, null, compliance, 0.98, 21.5, 0.02),
                        new ReportCard.TaskScore("dialog", 120, false, null, null, null, 0.9, 0.0, 30.25, null))
                : List.of(new ReportCard.TaskScore(
                        "arithmetic", 200, true, arithmetic, 0.05, null, compliance, 0.98, 21.5, 0.02));
        return new ReportCard(
                ReportCard.FORMAT,
                model,
                "chat",
                200,
                "b".repeat(64),
                heldout,
                null,
                0,
                new ReportCard.Sampling(0.0, 0, 1.0, 96, 1),
                tasks,
                new ReportCard.Overall(320, 0.9438, 24.8),
                valLoss,
                valLoss / 2,
                List.of(),
                null);
    }
}
