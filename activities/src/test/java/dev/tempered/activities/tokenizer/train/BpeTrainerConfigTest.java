package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BpeTrainerConfigTest {

    @Test
    void defaultsAreGpt4PatternAndTemperedsTenSpecials() {
        BpeTrainerConfig config = BpeTrainerConfig.of(32_768);
        assertEquals(SplitPatterns.GPT4, config.splitPattern());
        assertEquals(10, config.specialTokens());
        assertEquals(32_768 - 256 - 10, config.mergeCount());
        assertTrue(config.threads() >= 1);
    }

    @Test
    void vocabSizeMustHoldTheBytesAndTheSpecials() {
        assertEquals(0, new BpeTrainerConfig(266, SplitPatterns.GPT4, 10, 1).mergeCount());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new BpeTrainerConfig(265, SplitPatterns.GPT4, 10, 1));
        assertEquals(
                "vocabSize 265 is below 256 byte tokens + 10 special tokens = 266; vocabSize counts both, "
                        + "so ask for at least 266",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BpeTrainerConfig.of(255));
        assertThrows(IllegalArgumentException.class, () -> BpeTrainerConfig.of(BpeTrainerConfig.MAX_VOCAB_SIZE + 1));
    }

    @Test
    void rejectsNegativeSpecialsNoThreadsAndPatternsJavaCannotCompile() {
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(300, SplitPatterns.GPT4, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(300, SplitPatterns.GPT4, 0, 0));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(300, "(unclosed", 0, 1));
        assertTrue(e.getMessage().startsWith("pre-split pattern does not compile in Java"), e.getMessage());
    }
}
