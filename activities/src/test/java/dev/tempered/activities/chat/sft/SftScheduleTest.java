package dev.tempered.activities.chat.sft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SFT's learning rate: linear warmup to the peak, then a straight line to 0 at the last step. */
class SftScheduleTest {

    @Test
    void warmsUpThenDecaysLinearlyToZero() {
        SftSchedule s = new SftSchedule(2e-3, 4, 24);
        assertEquals(2e-3 / 5, s.at(0), 1e-15);
        assertEquals(2e-3 * 4 / 5, s.at(3), 1e-15);
        assertEquals(2e-3, s.at(4), 1e-15, "the peak right after warmup");
        assertEquals(1e-3, s.at(14), 1e-15, "half way down");
        assertEquals(2e-3 / 20, s.at(23), 1e-15, "the last update is small but not 0");
        assertEquals(0, s.at(24));
        for (long step = 5; step < 24; step++) assertTrue(s.at(step) < s.at(step - 1), "falls at " + step);
        assertEquals(s.at(7), s.applyAsDouble(7));
    }

    @Test
    void refusesAWarmupAsLongAsTheRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SftSchedule(1e-3, 10, 10));
        assertTrue(e.getMessage().contains("warmup_steps=10") && e.getMessage().contains("steps=10"), e.getMessage());
    }
}
