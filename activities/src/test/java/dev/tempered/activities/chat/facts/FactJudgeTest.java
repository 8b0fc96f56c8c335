package dev.tempered.activities.chat.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Judging answers to fact questions on hand-made cases: formats, casing, extra words, refusals. */
class FactJudgeTest {
    private final FactJudge judge = new FactJudge();

    @Test
    void numbersMatchWhateverTheirThousandsSeparatorsAndNeighbours() {
        assertEquals(Verdict.CORRECT, judge.judge("Tessa Quorn was born in 1954.", "1954"));
        assertEquals(Verdict.CORRECT, judge.judge("1,954", "1954"));
        assertEquals(Verdict.CORRECT, judge.judge("In the year 1954!", "1,954"));
        assertEquals(Verdict.WRONG, judge.judge("She was born in 1953.", "1954"));
        assertEquals(Verdict.WRONG, judge.judge("born in 19540", "1954"), "a longer number is another number");
    }

    @Test
    void casingAccentsAndPunctuationDoNotMatterButWholeWordsDo() {
        assertEquals(Verdict.CORRECT, judge.judge("the ZENTRIX 40 is made by korvex", "Korvex"));
        assertEquals(Verdict.CORRECT, judge.judge("It's Velmóra, I think.", "Velmora"));
        assertEquals(Verdict.CORRECT, judge.judge("The Selka River flows through Dunholm.", "Selka"));
        assertEquals(Verdict.WRONG, judge.judge("Tessa Quorn was born in Velmoraford.", "Velmora"));
        assertEquals(Verdict.CORRECT, judge.judge("She was a baker, then a painter.", "painter"));
    }

    @Test
    void aRefusalIsOneThatDoesNotStateTheReference() {
        assertEquals(Verdict.REFUSED, judge.judge("I don't know.", "Velmora"));
        assertEquals(
                Verdict.REFUSED, judge.judge("I’m not sure; I have no reliable information about Tessa.", "Velmora"));
        assertEquals(Verdict.REFUSED, judge.judge("Sorry, I DO NOT KNOW that.", "1954"));
        // Hedged but right is right: the judge grades the fact, not the confidence.
        assertEquals(Verdict.CORRECT, judge.judge("I'm not sure, maybe Velmora?", "Velmora"));
        // "know" alone is not a refusal.
        assertEquals(Verdict.WRONG, judge.judge("I know: she was born in Dunholm.", "Velmora"));
    }

    @Test
    void emptyAndCutOffAnswersAreWrongNotRefusals() {
        assertEquals(Verdict.WRONG, judge.judge("", "Velmora"));
        assertEquals(Verdict.WRONG, judge.judge("Tessa Quorn was born in", "Velmora"));
    }

    @Test
    void aPipelinesOwnRefusalWordingCounts() {
        assertEquals(Verdict.WRONG, judge.judge("That fact escapes me.", "Velmora"));
        assertEquals(
                Verdict.REFUSED,
                new FactJudge(List.of("That fact escapes me")).judge("Hm. That fact escapes me!", "Velmora"));
    }

    @Test
    void aBlankReferenceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> judge.judge("x", " . "));
        assertEquals("a fact question needs a non-empty reference answer", e.getMessage());
    }
}
