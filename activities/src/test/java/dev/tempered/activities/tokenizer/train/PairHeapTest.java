package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairHeapTest {

    @Test
    void highestCountFirstThenSmallestLeftThenSmallestRight() {
        PairHeap heap = new PairHeap(2);
        heap.push(5, BpeMerger.key(300, 1));
        heap.push(5, BpeMerger.key(97, 300));
        heap.push(9, BpeMerger.key(400, 400));
        heap.push(5, BpeMerger.key(97, 98));
        heap.push(1, BpeMerger.key(0, 0));
        List<String> order = new ArrayList<>();
        while (!heap.isEmpty()) {
            order.add(heap.topCount() + ":" + (heap.topKey() >>> 32) + "," + (int) heap.topKey());
            heap.pop();
        }
        assertEquals(List.of("9:400,400", "5:97,98", "5:97,300", "5:300,1", "1:0,0"), order);
    }

    @Test
    void replaceTopCountReordersAStaleTop() {
        PairHeap heap = new PairHeap(4);
        heap.push(10, BpeMerger.key(1, 1));
        heap.push(8, BpeMerger.key(2, 2));
        heap.replaceTopCount(3);
        assertEquals(BpeMerger.key(2, 2), heap.topKey());
        heap.pop();
        assertEquals(3, heap.topCount());
        heap.pop();
        assertTrue(heap.isEmpty());
    }
}
