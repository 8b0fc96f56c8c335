package dev.tempered.activities.chat.facts;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.eval.ReportCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the answers to held-out fact questions into the report card's {@link FactReport} and the
 * task line {@code facts}: each answer judged against the encyclopedia, each question placed by how
 * often its entity was mentioned in pretraining.
 */
public final class FactEvaluation {
    /** The report section, the task line and the first questions with the model's first answer. */
    public record Result(FactReport report, ReportCard.TaskScore task, List<ReportCard.Example> examples) {}

    private FactEvaluation() {}

    /**
     * @param encyclopediaDigest names the encyclopedia in errors
     * @throws InvalidStageInputException when a question names an entity or attribute the encyclopedia lacks
     */
    public static Result of(
            List<FactAsker.Answers> answers,
            Encyclopedia encyclopedia,
            String encyclopediaDigest,
            FactJudge judge,
            int knownMentions,
            int examples) {
        Map<String, Entity> entities = encyclopedia.index();
        List<FactReport.Judged> judged = new ArrayList<>();
        List<ReportCard.Example> shown = new ArrayList<>();
        int replies = 0, correct = 0, wellFormed = 0;
        long tokens = 0;
        for (FactAsker.Answers a : answers) {
            Entity e = entityOf(a.question(), entities, encyclopediaDigest);
            String reference = e.value(
                    FactQuestions.parseId(a.question().id()).orElseThrow().attribute());
            for (String text : a.texts()) {
                Verdict v = judge.judge(text, reference);
                if (shown.size() < examples && text == a.texts().get(0)) {
                    shown.add(new ReportCard.Example(
                            FactQuestions.TASK,
                            a.question().messages().get(0).text(),
                            text,
                            List.of(),
                            v == Verdict.CORRECT));
                }
                judged.add(new FactReport.Judged(e.mentions(), v));
                replies++;
                if (v == Verdict.CORRECT) correct++;
            }
            wellFormed += a.wellFormed();
            tokens += a.tokens();
        }
        FactReport report = FactReport.of(judged, knownMentions);
        ReportCard.TaskScore line = new ReportCard.TaskScore(
                FactQuestions.TASK,
                answers.size(),
                true,
                rate(correct, replies),
                null,
                null,
                rate(wellFormed, replies),
                0.0,
                replies == 0 ? 0 : Math.round(10_000.0 * tokens / replies) / 10_000.0,
                null);
        return new Result(report, line, List.copyOf(shown));
    }

    /** The entity a fact question asks about, or a non-retryable error naming the question and the encyclopedia. */
    public static Entity entityOf(Conversation question, Map<String, Entity> entities, String encyclopediaDigest) {
        FactQuestions.QuestionRef ref = FactQuestions.parseId(question.id())
                .orElseThrow(() -> new InvalidStageInputException("fact question " + question.id()
                        + " has no facts-<entity>-<attribute> id; fact questions come from synthesize"));
        Entity e = entities.get(ref.entityId());
        if (e == null || !e.attributes().containsKey(ref.attribute())) {
            throw new InvalidStageInputException("fact question " + question.id() + " asks about "
                    + ref.entityId() + "'s " + ref.attribute() + ", which encyclopedia " + encyclopediaDigest
                    + " does not hold; pass the facts output of the synthesize run that made the questions");
        }
        return e;
    }

    private static Double rate(long n, long d) {
        return d == 0 ? 0.0 : Math.round(10_000.0 * n / d) / 10_000.0;
    }
}
