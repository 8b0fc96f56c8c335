package dev.tempered.activities.chat.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.facts.FactDocuments.FactDocument;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generated encyclopedia: reproducible, Zipf-shaped mentions with an unseen share, documents
 * that mention exactly the entities they should as often as they should, questions split by entity.
 */
class EncyclopediaTest {
    static final Encyclopedia E = EncyclopediaGenerator.generate(EncyclopediaSettings.DEFAULTS, 7);

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        assertArrayEquals(
                E.toJson(),
                EncyclopediaGenerator.generate(EncyclopediaSettings.DEFAULTS, 7).toJson());
        assertNotEquals(
                E.entities().get(0).name(),
                EncyclopediaGenerator.generate(EncyclopediaSettings.DEFAULTS, 8)
                        .entities()
                        .get(0)
                        .name());
        Encyclopedia back = Encyclopedia.read(E.toJson(), "test");
        assertEquals(E, back);
    }

    @Test
    void mentionsFollowZipfWithAQuarterNeverMentioned() {
        int n = E.entities().size();
        long never = E.entities().stream().filter(e -> e.mentions() == 0).count();
        long once = E.entities().stream().filter(e -> e.mentions() == 1).count();
        long often = E.entities().stream().filter(e -> e.mentions() >= 8).count();
        int max = E.entities().stream().mapToInt(Entity::mentions).max().orElseThrow();
        assertEquals(150, never);
        assertEquals(200, max, "the rank-1 entity gets max_mentions documents");
        // Ranks 134..450 round to one mention: most entities appear once, a few often.
        assertEquals(317, once);
        assertEquals(26, often);
        assertEquals(600, n);
    }

    @Test
    void splitsAreByEntityNameAndRoughlyTheAskedShares() {
        Map<FactSplit, Integer> counts = new HashMap<>();
        for (Entity e : E.entities()) {
            counts.merge(e.split(), 1, Integer::sum);
            assertEquals(EncyclopediaGenerator.split(e.name(), EncyclopediaSettings.DEFAULTS), e.split());
        }
        assertTrue(Math.abs(counts.get(FactSplit.HELDOUT) - 120) < 40, counts.toString());
        assertEquals(600, counts.get(FactSplit.HELDOUT) + counts.get(FactSplit.TRAIN));
        Set<String> names = new HashSet<>();
        for (Entity e : E.entities()) assertTrue(names.add(e.name()), "unique name " + e.name());
    }

    @Test
    void documentsMentionEachEntityAsOftenAsItsCountAndUnseenOnesNever() {
        List<FactDocument> docs = FactDocuments.of(E);
        Map<String, Integer> byEntity = new HashMap<>();
        for (FactDocument d : docs) byEntity.merge(d.entity(), 1, Integer::sum);
        int total = 0;
        for (Entity e : E.entities()) {
            assertEquals(e.mentions(), byEntity.getOrDefault(e.id(), 0), e.id());
            total += e.mentions();
        }
        assertEquals(total, docs.size());
        // No document names an entity that is never mentioned (names are unique invented words).
        Set<String> unseen = new HashSet<>();
        for (Entity e : E.entities()) if (e.mentions() == 0) unseen.add(e.name());
        for (FactDocument d : docs.subList(0, 400)) {
            for (String name : unseen) {
                assertFalse(
                        Pattern.compile("\\b" + Pattern.quote(name) + "\\b")
                                .matcher(d.text())
                                .find(),
                        d.text());
            }
        }
        // Every document states all three facts of its entity.
        Map<String, Entity> index = E.index();
        for (FactDocument d : docs) {
            Entity e = index.get(d.entity());
            assertTrue(d.text().contains(e.name()), d.text());
            for (String a : e.kind().attributes()) assertTrue(d.text().contains(e.value(a)), a + ": " + d.text());
        }
    }

    @Test
    void questionsAskEveryAttributeOfTheirSplitWithTheValueInTheIdealReply() {
        ConversationValidator v = ConversationValidator.defaults();
        int all = 0;
        for (FactSplit split : FactSplit.values()) {
            List<Conversation> qs = FactQuestions.of(E, split);
            all += qs.size();
            Map<String, Entity> index = E.index();
            for (Conversation c : qs) {
                v.validate(c);
                FactQuestions.QuestionRef ref = FactQuestions.parseId(c.id()).orElseThrow();
                Entity e = index.get(ref.entityId());
                assertEquals(split, e.split());
                assertEquals(Verdict.CORRECT, new FactJudge().judge(c.last().text(), e.value(ref.attribute())));
                assertTrue(
                        c.messages().get(0).text().contains(e.name()),
                        c.messages().get(0).text());
            }
        }
        assertEquals(600 * 3, all);
        assertEquals(
                new FactQuestions.QuestionRef("e000042", "birth_year"),
                FactQuestions.parseId("facts-e000042-birth_year").orElseThrow());
        assertTrue(FactQuestions.parseId("arithmetic-s1-000042").isEmpty());
    }

    @Test
    void anotherFormatIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Encyclopedia.read(
                        "{\"format\":\"x/v9\",\"seed\":1,\"entities\":[]}".getBytes(), "facts input abc"));
        assertEquals(
                "facts input abc has format x/v9, not tempered.fact-encyclopedia/v1; pass synthesize's facts output",
                e.getMessage());
    }
}
