package dev.tempered.activities.chat.probe;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.Verdict;
import dev.tempered.activities.chat.tasks.HeldOutSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies probed questions and mines training examples from them (ConFQA's recipe as the talk
 * tells Llama 3's): an unknown question (no answer right) gets a refusal, a known one (at least
 * {@code min_correct} right) gets its reference answer so that refusing stays tied to not knowing,
 * and an unstable one gets nothing. Which refusal wording a question gets is a stable hash of its
 * id, so the mined set is the same for the same answers.
 */
public final class ProbeMiner {
    /** The {@code source} of mined conversations. */
    public static final String SOURCE = "probe";

    /** The classified items and the mined conversations, both in question order. */
    public record Mined(List<ProbeResults.Item> items, List<Conversation> conversations) {}

    private ProbeMiner() {}

    /**
     * @param questions the original question conversations by position, matching {@code probed}
     */
    public static Mined mine(
            List<ProbedQuestion> probed, List<Conversation> questions, int minCorrect, List<String> templates) {
        if (probed.size() != questions.size()) {
            throw new IllegalArgumentException(probed.size() + " probed questions for " + questions.size() + " asked");
        }
        List<ProbeResults.Item> items = new ArrayList<>(probed.size());
        List<Conversation> mined = new ArrayList<>();
        for (int i = 0; i < probed.size(); i++) {
            ProbedQuestion p = probed.get(i);
            Conversation q = questions.get(i);
            if (!p.id().equals(q.id())) {
                throw new IllegalArgumentException("probed question " + p.id() + " is not question " + q.id());
            }
            int correct = p.count(Verdict.CORRECT);
            ProbeResults.Classification c = correct >= minCorrect
                    ? ProbeResults.Classification.KNOWN
                    : correct == 0 ? ProbeResults.Classification.UNKNOWN : ProbeResults.Classification.UNSTABLE;
            ProbeResults.Mined what = null;
            String reply = null;
            switch (c) {
                case UNKNOWN -> {
                    what = ProbeResults.Mined.REFUSAL;
                    String template = templates.get(pick(p.id(), templates.size()));
                    reply = RefusalTemplates.render(template, p.entity(), p.attribute());
                }
                case KNOWN -> {
                    what = ProbeResults.Mined.ANSWER;
                    reply = q.last().text();
                }
                case UNSTABLE -> {}
            }
            if (reply != null) {
                mined.add(new Conversation(
                        List.of(Message.user(p.question()), Message.assistant(reply)),
                        SOURCE,
                        FactQuestions.TASK,
                        p.id()));
            }
            items.add(new ProbeResults.Item(
                    p.id(),
                    p.entity(),
                    p.attribute(),
                    p.question(),
                    p.reference(),
                    p.answers().stream()
                            .map(a -> new ProbeResults.Answer(a.text(), a.verdict()))
                            .toList(),
                    correct,
                    p.count(Verdict.REFUSED),
                    p.count(Verdict.WRONG),
                    c,
                    what,
                    reply));
        }
        return new Mined(List.copyOf(items), List.copyOf(mined));
    }

    private static int pick(String id, int n) {
        return (int) Math.min(n - 1, Math.floor(HeldOutSplit.unitHash("refusal:" + id) * n));
    }
}
