package dev.tempered.activities.chat.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hallucination section's arithmetic on hand-counted verdicts. */
class FactReportTest {
    @Test
    void ratesAndBucketsFromVerdicts() {
        List<FactReport.Judged> j = new ArrayList<>();
        // Never mentioned: 3 wrong, 1 refused, 1 lucky guess (still counts as a question it cannot know).
        for (int i = 0; i < 3; i++) j.add(new FactReport.Judged(0, Verdict.WRONG));
        j.add(new FactReport.Judged(0, Verdict.REFUSED));
        j.add(new FactReport.Judged(0, Verdict.CORRECT));
        // Mentioned once: 1 correct, 1 wrong.
        j.add(new FactReport.Judged(1, Verdict.CORRECT));
        j.add(new FactReport.Judged(1, Verdict.WRONG));
        // Mentioned 5 and 9 times (known at 4): 3 correct, 1 refused, 1 wrong.
        j.add(new FactReport.Judged(5, Verdict.CORRECT));
        j.add(new FactReport.Judged(5, Verdict.REFUSED));
        j.add(new FactReport.Judged(9, Verdict.CORRECT));
        j.add(new FactReport.Judged(9, Verdict.CORRECT));
        j.add(new FactReport.Judged(9, Verdict.WRONG));

        FactReport r = FactReport.of(j, 4);
        assertEquals(12, r.questions());
        assertEquals(5, r.correct());
        assertEquals(5, r.wrong());
        assertEquals(2, r.refused());
        // Denominator: 5 never-mentioned + 1 wrong once + 1 refused + 1 wrong known = 8; wrong among them: 5.
        assertEquals(0.625, r.hallucinationRate());
        assertEquals(5, r.knownQuestions());
        assertEquals(0.6, r.knownAccuracy());
        assertEquals(0.2, r.overRefusal());
        assertEquals(
                List.of(
                        new FactReport.Bucket("0", 5, 1, 3, 1),
                        new FactReport.Bucket("1", 2, 1, 1, 0),
                        new FactReport.Bucket("2-3", 0, 0, 0, 0),
                        new FactReport.Bucket("4-7", 2, 1, 0, 1),
                        new FactReport.Bucket("8+", 3, 2, 1, 0)),
                r.byMentions());
    }

    @Test
    void noKnownQuestionsGiveNullRatesNotZeros() {
        FactReport r = FactReport.of(List.of(new FactReport.Judged(0, Verdict.REFUSED)), 4);
        assertEquals(0.0, r.hallucinationRate());
        assertNull(r.knownAccuracy());
        assertNull(r.overRefusal());
    }
}
