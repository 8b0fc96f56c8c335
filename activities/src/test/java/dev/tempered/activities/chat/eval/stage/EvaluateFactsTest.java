package dev.tempered.activities.chat.eval.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.EncyclopediaGenerator;
import dev.tempered.activities.chat.facts.EncyclopediaSettings;
import dev.tempered.activities.chat.facts.Entity;
import dev.tempered.activities.chat.facts.FactModels;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactReport;
import dev.tempered.activities.chat.facts.FactSplit;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate} with the fact encyclopedia, on real models: a model that knows nothing answers
 * every held-out fact question wrongly (hallucination rate 1); a model taught to say "I don't know"
 * about never-mentioned entities and the facts of the others refuses the first and answers the
 * second, which the card's rates and buckets show; without the encyclopedia the fact questions are
 * scored for format only.
 */
class EvaluateFactsTest {
    static FactModels models;
    static Encyclopedia encyclopedia;
    static String facts;
    static List<Conversation> questions;
    static String heldout;

    @BeforeAll
    static void heldOutFactQuestions() {
        models = FactModels.get();
        encyclopedia = EncyclopediaGenerator.generate(new EncyclopediaSettings(60, 0.3, 12, 1.0, 0.35), 11);
        facts = models.publish(encyclopedia);
        questions = FactQuestions.of(encyclopedia, FactSplit.HELDOUT).stream()
                .filter(c -> FactModels.INVENTED_VALUES.contains(
                        FactQuestions.parseId(c.id()).orElseThrow().attribute()))
                .limit(12)
                .toList();
        heldout = models.conversations(questions);
    }

    @Test
    void aModelThatKnowsNothingHallucinatesEveryAnswer() {
        StageResult result = evaluate(models.base, heldout, facts);
        ReportCard card = card(result);
        FactReport f = card.facts();
        assertEquals(questions.size(), f.questions());
        assertEquals(0, f.correct());
        assertEquals(f.questions(), f.wrong() + f.refused());
        assertEquals(f.wrong() == f.questions() ? 1.0 : (double) f.wrong() / f.questions(), f.hallucinationRate());
        assertEquals(
                f.questions(),
                f.byMentions().stream().mapToInt(FactReport.Bucket::questions).sum());
        assertEquals(
                List.of("0", "1", "2-3", "4-7", "8+"),
                f.byMentions().stream().map(FactReport.Bucket::mentions).toList());
        // The headline figures come first in the stage summary.
        assertEquals(
                List.of("hallucination_rate", "known_accuracy", "over_refusal", "fact_questions"),
                new ArrayList<>(result.summary().keySet()).subList(0, 4));
        ReportCard.TaskScore line = card.tasks().stream()
                .filter(t -> t.task().equals(FactQuestions.TASK))
                .findFirst()
                .orElseThrow();
        assertEquals(questions.size(), line.items());
        assertEquals(0.0, line.accuracy());
        List<ReportCard.Example> shown = card.examples().stream()
                .filter(e -> e.task().equals(FactQuestions.TASK))
                .toList();
        assertEquals(3, shown.size(), "the first questions are shown with the model's answer");
        assertEquals(questions.get(0).messages().get(0).text(), shown.get(0).prompt());
        assertEquals(false, shown.get(0).correct());
    }

    @Test
    void aModelTaughtToRefuseWhatItCannotKnowRefusesItAndAnswersTheRest() {
        Map<String, Entity> entities = encyclopedia.index();
        List<Conversation> lessons = new ArrayList<>();
        int unknowable = 0;
        for (Conversation q : questions) {
            Entity e = entities.get(FactQuestions.parseId(q.id()).orElseThrow().entityId());
            if (e.mentions() == 0) {
                unknowable++;
                lessons.add(new Conversation(
                        List.of(q.messages().get(0), Message.assistant("I don't know.")), "test", q.task(), q.id()));
            } else {
                lessons.add(q);
            }
        }
        assertTrue(unknowable >= 2 && unknowable <= questions.size() - 2, "both kinds asked: " + unknowable);
        String taught = models.taught(lessons, 600);

        FactReport f = card(evaluate(taught, heldout, facts)).facts();

        // Every unknowable question is refused and no answerable one is: the refusals follow what
        // was taught. Most answerable ones are right; a 64-wide model confuses a few invented names.
        FactReport.Bucket never = f.byMentions().get(0);
        assertEquals(unknowable, never.questions());
        assertEquals(unknowable, never.refused(), never.toString());
        assertEquals(unknowable, f.refused(), f.toString());
        int answerable = questions.size() - unknowable;
        assertTrue(f.correct() >= answerable * 2 / 3, f.toString());
        // Hallucinations are the confusions only: wrong answers over (unknowable + not right).
        assertEquals(
                Math.round(10_000.0 * f.wrong() / (unknowable + answerable - f.correct())) / 10_000.0,
                f.hallucinationRate());
    }

    @Test
    void withoutTheEncyclopediaFactQuestionsAreScoredForFormatOnly() {
        StageResult result = evaluate(models.base, heldout, null);
        ReportCard card = card(result);
        assertNull(card.facts());
        assertEquals(List.of(FactQuestions.TASK), result.summary().get("unchecked_tasks"));
    }

    private static ReportCard card(StageResult result) {
        try {
            return ReportCard.read(models.publisher.store().readAllBytes(result.primary()), "card");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static StageResult evaluate(String model, String held, String factsDigest) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("model", model);
        inputs.put("tokenizer", models.tokenizer);
        inputs.put("heldout", held);
        if (factsDigest != null) inputs.put("facts", factsDigest);
        Map<String, Object> params =
                StageRegistry.get("evaluate", "test").normalize(Map.of("max_tokens", 40), "test.params");
        return FactModels.activity(new EvaluateActivitiesImpl(models.publisher), EvaluateActivities.class)
                .evaluateModel(new StageRequest(null, inputs, params));
    }
}
