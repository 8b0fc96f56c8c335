package dev.tempered.activities.chat.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.EncyclopediaGenerator;
import dev.tempered.activities.chat.facts.EncyclopediaSettings;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactSplit;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.testing.StorageFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The questions a probe asks, checked before any is asked: bad files are refused naming the
 * artifact and the question, good ones come back in id order, cut to max_questions.
 */
class ProbeQuestionsTest {
    static ArtifactPublisher publisher;
    static Encyclopedia encyclopedia;
    static String facts;
    static List<Conversation> train;

    @BeforeAll
    static void anEncyclopedia() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("probe-questions"), fixture.lineage());
        encyclopedia = EncyclopediaGenerator.generate(new EncyclopediaSettings(30, 0.2, 5, 1.0, 0.2), 9);
        facts = publisher
                .publish(encyclopedia.toJson(), Encyclopedia.KIND, Encyclopedia.MEDIA_TYPE, Map.of())
                .digest();
        train = FactQuestions.of(encyclopedia, FactSplit.TRAIN);
    }

    private static String publish(List<Conversation> list) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConversationFile.write(list, bytes);
        return publisher
                .publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    private static String refused(String questions) {
        return assertThrows(
                        InvalidStageInputException.class,
                        () -> ProbeQuestions.read(publisher.store(), questions, facts, 0))
                .getMessage();
    }

    @Test
    void goodQuestionsComeBackInIdOrderCutToMaxQuestions() throws Exception {
        List<Conversation> shuffled = new ArrayList<>(train);
        java.util.Collections.reverse(shuffled);
        String digest = publish(shuffled);
        ProbeQuestions all = ProbeQuestions.read(publisher.store(), digest, facts, 0);
        assertEquals(
                train.stream().map(Conversation::id).sorted().toList(),
                all.questions().stream().map(Conversation::id).toList());
        ProbeQuestions five = ProbeQuestions.read(publisher.store(), digest, facts, 5);
        assertEquals(all.questions().subList(0, 5), five.questions());
        assertEquals(3, five.batches(2));
        assertEquals(1, five.batch(2, 2).size());
        Conversation q = all.questions().get(0);
        assertTrue(q.last().text().contains(all.reference(q)), q.toString());
    }

    @Test
    void aDuplicateIdIsRefusedNamingIt() throws Exception {
        List<Conversation> twice = new ArrayList<>(train.subList(0, 3));
        twice.add(train.get(1));
        String digest = publish(twice);
        assertEquals(
                "questions " + digest + " has the id " + train.get(1).id()
                        + " twice; probe results and mined examples are keyed by id",
                refused(digest));
    }

    @Test
    void aQuestionWithoutItsAnswerIsRefusedWithTheLineAndReason() throws Exception {
        Conversation good = train.get(0);
        String line = "{\"id\":\"" + train.get(1).id() + "\",\"task\":\"facts\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + train.get(1).messages().get(0).text() + "\"}]}";
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(both)) {
            gz.write((ConversationJson.write(good) + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String digest = publisher
                .publish(both.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
        String message = refused(digest);
        assertTrue(message.startsWith("questions " + digest + " has 1 invalid lines"), message);
        assertTrue(message.endsWith("every probe question needs a user turn and its reference answer"), message);
    }

    @Test
    void anotherTaskAndAHeldOutEntityAreRefused() throws Exception {
        Conversation arithmetic = new Conversation(
                List.of(Message.user("What is 2+2?"), Message.assistant("4")), "synthetic", "arithmetic", "a-1");
        assertEquals(
                "question a-1 is of task 'arithmetic'; probe asks fact questions only (synthesize's probe output)",
                refused(publish(List.of(train.get(0), arithmetic))));
        Conversation heldout = FactQuestions.of(encyclopedia, FactSplit.HELDOUT).get(0);
        String message = refused(publish(List.of(heldout)));
        assertTrue(
                message.contains("a held-out entity: probing it would put evaluation questions into training"),
                message);
    }

    @Test
    void aQuestionAboutAnEntityTheEncyclopediaLacksIsRefused() throws Exception {
        Conversation stranger = new Conversation(
                List.of(Message.user("Where was Nobody born?"), Message.assistant("Nowhere.")),
                "synthetic",
                "facts",
                "facts-e999999-birthplace");
        String message = refused(publish(List.of(stranger)));
        assertEquals(
                "fact question facts-e999999-birthplace asks about e999999's birthplace, which encyclopedia " + facts
                        + " does not hold; pass the facts output of the synthesize run that made the questions",
                message);
    }
}
