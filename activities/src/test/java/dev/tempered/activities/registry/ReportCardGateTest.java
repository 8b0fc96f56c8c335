package dev.tempered.activities.registry;

import static dev.tempered.activities.registry.Cards.card;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate names the metric that is worse beyond the tolerance, in either direction of "better". */
class ReportCardGateTest {
    private final ReportCardGate gate = new ReportCardGate(0.02);
    private final String m = "a".repeat(64);

    @Test
    void aLowerAccuracyBeyondTheToleranceIsRefusedByName() {
        GateVerdict v = gate.compare(card(m, 0.41, 3.0), card(m, 0.55, 3.0));
        assertFalse(v.passed());
        assertEquals(
                List.of("tasks.arithmetic.accuracy"),
                v.failing().stream().map(GateMetric::name).toList());
        assertEquals(
                "refused: tasks.arithmetic.accuracy 0.4100 vs production 0.5500 (worse by 0.1400) (tolerance 0.0200)",
                v.message());
    }

    @Test
    void worseByExactlyTheToleranceOrBetterPasses() {
        assertTrue(gate.compare(card(m, 0.53, 3.02), card(m, 0.55, 3.0)).passed(), "0.02 worse on both is allowed");
        GateVerdict better = gate.compare(card(m, 0.70, 2.5), card(m, 0.55, 3.0));
        assertTrue(better.passed(), better.message());
        assertTrue(better.message().startsWith("passed: no metric of "), better.message());
    }

    @Test
    void aHigherLossIsWorse() {
        GateVerdict v = gate.compare(card(m, 0.55, 3.10), card(m, 0.55, 3.0));
        assertEquals(
                List.of("bits_per_byte", "val_loss"),
                v.failing().stream().map(GateMetric::name).toList(),
                "both losses rose by more than 0.02 (bits per byte by 0.05)");
    }

    @Test
    void aTaskMissingFromTheCandidateFails() {
        GateVerdict v = gate.compare(
                card(m, Cards.HELDOUT, 0.55, 0.97, 3.0, false), card(m, Cards.HELDOUT, 0.55, 0.97, 3.0, true));
        assertEquals(
                List.of("tasks.dialog.format_compliance"),
                v.failing().stream().map(GateMetric::name).toList());
        assertTrue(v.message().contains("missing from the candidate's report card"), v.message());
    }

    @Test
    void cardsFromDifferentHeldOutSetsAreNotCompared() {
        GateVerdict v = gate.compare(card(m, "d".repeat(64), 0.9, 0.97, 2.0, true), card(m, 0.55, 3.0));
        assertFalse(v.passed());
        assertTrue(v.message().contains("evaluate both on the same held-out set"), v.message());
    }

    @Test
    void aFirstVersionPassesSayingThereIsNothingToCompare() {
        GateVerdict v = gate.withoutProduction();
        assertTrue(v.passed());
        assertEquals("passed: there is no production version to compare with", v.message());
    }

    @Test
    void aNegativeToleranceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportCardGate(-0.1));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
    }
}
