package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

    @Test
    void agreesWithHashMapThroughManyResizes() {
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> reference = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            // Pair-shaped keys: small ids in both halves, including (0, 0) = key 0.
            long key = BpeMerger.key(random.nextInt(600), random.nextInt(600));
            int delta = random.nextInt(7) - 3;
            assertEquals(reference.merge(key, delta, Integer::sum), map.addTo(key, delta));
        }
        assertEquals(reference.size(), map.size());
        reference.forEach((k, v) -> assertEquals(v, map.get(k, Integer.MIN_VALUE)));
        assertEquals(-5, map.get(BpeMerger.key(601, 0), -5));
    }

    @Test
    void putIfAbsentStoresOnlyTheFirstValue() {
        LongIntMap map = new LongIntMap(16);
        assertEquals(-1, map.putIfAbsent(0L, 7, -1));
        assertEquals(7, map.putIfAbsent(0L, 9, -1));
        map.put(0L, 11);
        assertEquals(11, map.get(0L, -1));
        assertThrows(IllegalArgumentException.class, () -> map.put(-1L, 1));
    }
}
