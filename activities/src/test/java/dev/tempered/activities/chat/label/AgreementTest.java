package dev.tempered.activities.chat.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {
    private static RankedLabel label(String task, String who, Integer gold, List<List<Integer>> ranking) {
        return new RankedLabel(task, who, 3, ranking, gold);
    }

    @Test
    void pairwiseAgreementTauGoldAndDisagreementsByHand() {
        // Task t1: ana 0>1>2, ben 0>2>1: pairs (0,1) agree, (0,2) agree, (1,2) disagree.
        // Task t2 (gold 2): ana 2>1=0, cid 2>0>1: (0,1) ana ties so not comparable; (0,2),(1,2) agree.
        List<RankedLabel> labels = List.of(
                label("t1", "ana", null, List.of(List.of(0), List.of(1), List.of(2))),
                label("t1", "ben", null, List.of(List.of(0), List.of(2), List.of(1))),
                label("t2", "ana", 2, List.of(List.of(2), List.of(0, 1))),
                label("t2", "cid", 2, List.of(List.of(2), List.of(0), List.of(1))),
                label("t2", "dan", 2, List.of()));
        Agreement.Report r = Agreement.of(labels);
        assertEquals(4, r.labels(), "the skip counts for nothing");
        assertEquals(5, r.comparablePairs());
        assertEquals(4.0 / 5, r.pairwiseAgreement(), 1e-12);
        // tau-b t1: (2 - 1) / sqrt(3 * 3) = 1/3; t2: C=2, D=0, ties only in ana's = 1: 2 / sqrt(3 * 2).
        double tau2 = 2 / Math.sqrt(6);
        assertEquals((1.0 / 3 + tau2) / 2, r.meanKendallTau(), 1e-12);
        assertEquals(2, r.goldLabels());
        assertEquals(1.0, r.goldAccuracy(), 1e-12);
        assertEquals(1, r.disagreements().size());
        Agreement.Disagreement d = r.disagreements().get(0);
        assertEquals("t1", d.task());
        assertEquals(List.of(1, 2), List.of(d.a(), d.b()));
        assertEquals(List.of("ana"), d.preferA());
        assertEquals(List.of("ben"), d.preferB());
        Agreement.LabelerStats ana = r.labelers().get(0);
        assertEquals("ana", ana.labeler());
        assertEquals(5, ana.comparablePairs());
        assertEquals(List.of(1, 1), List.of(ana.goldTasks(), ana.goldCorrect()), "ana ranked t2's gold first, alone");
        assertEquals("cid", r.labelers().get(2).labeler());
        assertEquals(1.0, r.labelers().get(2).goldAccuracy(), 1e-12);
        Agreement.LabelerStats ben = r.labelers().get(1);
        assertEquals(2.0 / 3, ben.pairwiseAgreement(), 1e-12);
        assertTrue(Double.isNaN(ben.goldAccuracy()), "ben saw no gold task");
    }

    @Test
    void alphaUsesDenseRanksPerTaskResponse() {
        List<RankedLabel> labels = List.of(
                label("t1", "ana", null, List.of(List.of(0), List.of(1), List.of(2))),
                label("t1", "ben", null, List.of(List.of(0), List.of(1), List.of(2))),
                label("t2", "ana", null, List.of(List.of(1), List.of(0, 2))),
                label("t2", "ben", null, List.of(List.of(1), List.of(0, 2))));
        assertEquals(1.0, Agreement.of(labels).krippendorffAlphaOrdinal(), 1e-12);
        double[][] data = Agreement.reliabilityData(
                new java.util.TreeMap<>(java.util.Map.of("t1", labels.subList(0, 2), "t2", labels.subList(2, 4))));
        assertEquals(
                List.of(1.0, 2.0, 3.0, 2.0, 1.0, 2.0),
                java.util.Arrays.stream(data[0]).boxed().toList());
    }
}
