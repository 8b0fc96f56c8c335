package dev.tempered.activities.chat.probe;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.Role;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.Entity;
import dev.tempered.activities.chat.facts.FactEvaluation;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactSplit;
import dev.tempered.storage.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The questions a probe asks, read and checked: a {@code conversations} artifact of fact questions
 * (synthesize's {@code probe} output), each a user question and its reference answer, ids unique,
 * each naming an entity and attribute of the encyclopedia and no held-out entity (probing one
 * would put evaluation questions into training). Sorted by id and cut to {@code max_questions},
 * so every activity of a probe sees the same list.
 *
 * @param questions the questions in id order
 * @param entities the encyclopedia's entities by id
 */
public record ProbeQuestions(List<Conversation> questions, Map<String, Entity> entities) {

    public static ProbeQuestions read(ArtifactStore store, String questionsDigest, String factsDigest, int maxQuestions)
            throws IOException {
        Encyclopedia encyclopedia;
        try {
            encyclopedia = Encyclopedia.read(store.readAllBytes(factsDigest), "facts input " + factsDigest);
        } catch (IllegalArgumentException e) {
            throw new InvalidStageInputException(e.getMessage(), e);
        }
        List<Conversation> all = new ArrayList<>();
        ConversationFile.ReadReport report;
        try (InputStream in = store.open(questionsDigest)) {
            report = ConversationFile.read(
                    in, "questions " + questionsDigest, ConversationValidator.defaults(), all::add);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidStageInputException(
                    "input 'questions' (" + questionsDigest + ") is not a gzip JSONL conversations artifact: "
                            + e.getMessage(),
                    e);
        }
        if (report.invalid() > 0) {
            throw new InvalidStageInputException("questions " + questionsDigest + " has " + report.invalid()
                    + " invalid lines (by reason " + report.invalidByReason() + "; first: "
                    + report.examples().stream().limit(3).toList() + "); every probe question needs a user turn "
                    + "and its reference answer");
        }
        if (all.isEmpty()) {
            throw new InvalidStageInputException("questions " + questionsDigest + " holds no question; pass "
                    + "synthesize's probe output (synthesize with facts > 0)");
        }
        Map<String, Entity> entities = encyclopedia.index();
        Set<String> ids = new HashSet<>();
        for (Conversation c : all) check(c, ids, entities, questionsDigest, factsDigest);
        all.sort(Comparator.comparing(Conversation::id));
        List<Conversation> asked = maxQuestions > 0 && all.size() > maxQuestions ? all.subList(0, maxQuestions) : all;
        return new ProbeQuestions(List.copyOf(asked), entities);
    }

    private static void check(
            Conversation c, Set<String> ids, Map<String, Entity> entities, String questionsDigest, String factsDigest) {
        if (c.id() == null || c.id().isBlank()) {
            throw new InvalidStageInputException("questions " + questionsDigest + " has a question without an id: "
                    + c.messages().get(0).text());
        }
        if (!ids.add(c.id())) {
            throw new InvalidStageInputException("questions " + questionsDigest + " has the id " + c.id()
                    + " twice; probe results and mined examples are keyed by id");
        }
        if (!FactQuestions.TASK.equals(c.task())) {
            throw new InvalidStageInputException("question " + c.id() + " is of task '" + c.task()
                    + "'; probe asks fact questions only (synthesize's probe output)");
        }
        if (c.messages().size() != 2
                || c.messages().get(0).role() != Role.USER
                || c.last().text().isBlank()) {
            throw new InvalidStageInputException(
                    "question " + c.id() + " is not one user question followed by " + "its reference answer");
        }
        Entity e = FactEvaluation.entityOf(c, entities, factsDigest);
        if (e.split() == FactSplit.HELDOUT) {
            throw new InvalidStageInputException("question " + c.id() + " is about " + e.name() + ", a held-out "
                    + "entity: probing it would put evaluation questions into training; pass synthesize's probe "
                    + "output, not heldout");
        }
    }

    /** The reference value of {@code question}. */
    public String reference(Conversation question) {
        return entity(question)
                .value(FactQuestions.parseId(question.id()).orElseThrow().attribute());
    }

    public Entity entity(Conversation question) {
        return entities.get(FactQuestions.parseId(question.id()).orElseThrow().entityId());
    }

    /** The questions of batch {@code b} of {@code batchSize}. */
    public List<Conversation> batch(int b, int batchSize) {
        int from = b * batchSize;
        if (from >= questions.size() || b < 0) {
            throw new IllegalArgumentException(
                    "batch " + b + " of " + batchSize + " is past the " + questions.size() + " questions");
        }
        return questions.subList(from, Math.min(questions.size(), from + batchSize));
    }

    public int batches(int batchSize) {
        return (questions.size() + batchSize - 1) / batchSize;
    }
}
