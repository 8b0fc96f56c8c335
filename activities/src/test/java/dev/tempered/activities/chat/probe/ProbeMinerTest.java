package dev.tempered.activities.chat.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.facts.FactJudge;
import dev.tempered.activities.chat.facts.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classification by k and m, and what each class mines. */
class ProbeMinerTest {
    static Conversation question(String id, String q, String a) {
        return new Conversation(List.of(Message.user(q), Message.assistant(a)), "synthetic", "facts", id);
    }

    static ProbedQuestion probed(String id, String entity, String q, String ref, Verdict... verdicts) {
        List<ProbedQuestion.Answer> answers = new ArrayList<>();
        for (Verdict v : verdicts) {
            answers.add(new ProbedQuestion.Answer(
                    switch (v) {
                        case CORRECT -> entity + " was born in " + ref + ".";
                        case WRONG -> entity + " was born in Dunholm.";
                        case REFUSED -> "I don't know.";
                    },
                    v));
        }
        return new ProbedQuestion(id, entity, "birthplace", q, ref, answers);
    }

    @Test
    void knownUnknownAndUnstableMineAnswersRefusalsAndNothing() {
        List<Conversation> qs = List.of(
                question("facts-e000001-birthplace", "Where was Tessa Quorn born?", "Tessa Quorn was born in Velmora."),
                question("facts-e000002-birthplace", "Where was Ardo Vel born?", "Ardo Vel was born in Klaiport."),
                question("facts-e000003-birthplace", "Where was Mira Stoun born?", "Mira Stoun was born in Treith."));
        List<ProbedQuestion> probed = List.of(
                probed(
                        qs.get(0).id(),
                        "Tessa Quorn",
                        qs.get(0).messages().get(0).text(),
                        "Velmora",
                        Verdict.CORRECT,
                        Verdict.CORRECT,
                        Verdict.CORRECT,
                        Verdict.WRONG,
                        Verdict.REFUSED),
                probed(
                        qs.get(1).id(),
                        "Ardo Vel",
                        qs.get(1).messages().get(0).text(),
                        "Klaiport",
                        Verdict.WRONG,
                        Verdict.WRONG,
                        Verdict.REFUSED,
                        Verdict.WRONG,
                        Verdict.WRONG),
                probed(
                        qs.get(2).id(),
                        "Mira Stoun",
                        qs.get(2).messages().get(0).text(),
                        "Treith",
                        Verdict.CORRECT,
                        Verdict.WRONG,
                        Verdict.CORRECT,
                        Verdict.WRONG,
                        Verdict.WRONG));

        ProbeMiner.Mined m = ProbeMiner.mine(probed, qs, 3, RefusalTemplates.DEFAULTS);

        assertEquals(ProbeResults.Classification.KNOWN, m.items().get(0).classification());
        assertEquals(ProbeResults.Classification.UNKNOWN, m.items().get(1).classification());
        assertEquals(ProbeResults.Classification.UNSTABLE, m.items().get(2).classification());
        assertEquals(
                List.of(3, 0, 2),
                m.items().stream().map(ProbeResults.Item::correct).toList());
        assertEquals(
                List.of(1, 4, 3),
                m.items().stream().map(ProbeResults.Item::wrong).toList());

        assertEquals(2, m.conversations().size(), "an unstable question mines nothing");
        Conversation answer = m.conversations().get(0);
        assertEquals("Tessa Quorn was born in Velmora.", answer.last().text());
        assertEquals(ProbeResults.Mined.ANSWER, m.items().get(0).mined());
        Conversation refusal = m.conversations().get(1);
        assertEquals("Where was Ardo Vel born?", refusal.messages().get(0).text());
        assertTrue(
                new FactJudge().isRefusal(refusal.last().text()), refusal.last().text());
        assertEquals(refusal.last().text(), m.items().get(1).minedReply());
        assertEquals(ProbeMiner.SOURCE, refusal.source());
        assertNull(m.items().get(2).mined());
        assertNull(m.items().get(2).minedReply());
    }

    @Test
    void theRefusalWordingIsAStableChoicePerQuestionAndVaries() {
        List<Conversation> qs = new ArrayList<>();
        List<ProbedQuestion> probed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("facts-e%06d-birthplace", i);
            qs.add(question(id, "Where was X" + i + " born?", "X" + i + " was born in Velmora."));
            probed.add(probed(id, "X" + i, "Where was X" + i + " born?", "Velmora", Verdict.WRONG, Verdict.WRONG));
        }
        List<String> first = ProbeMiner.mine(probed, qs, 1, RefusalTemplates.DEFAULTS).conversations().stream()
                .map(c -> c.last().text())
                .toList();
        List<String> again = ProbeMiner.mine(probed, qs, 1, RefusalTemplates.DEFAULTS).conversations().stream()
                .map(c -> c.last().text())
                .toList();
        assertEquals(first, again);
        long wordings =
                first.stream().map(t -> t.replaceAll("X\\d+", "X")).distinct().count();
        assertTrue(wordings >= 4, "40 refusals use most of the 5 wordings: " + wordings);
        assertTrue(
                first.contains("I don't know X7's birthplace.")
                        || first.stream().anyMatch(t -> t.contains("birthplace")),
                "the attribute reads as a phrase");
    }
}
