package dev.tempered.activities.chat.probe;

import dev.tempered.activities.chat.facts.Verdict;
import java.util.List;

/**
 * One question as a probe batch stores it: what was asked, the reference and every answer with its verdict.
 *
 * @param id the question's conversation id ({@code facts-e000042-birthplace})
 * @param entity the entity's name
 */
public record ProbedQuestion(
        String id, String entity, String attribute, String question, String reference, List<Answer> answers) {
    public ProbedQuestion {
        answers = List.copyOf(answers);
    }

    /** One sampled answer and how it was judged. */
    public record Answer(String text, Verdict verdict) {}

    public int count(Verdict v) {
        return (int) answers.stream().filter(a -> a.verdict() == v).count();
    }
}
