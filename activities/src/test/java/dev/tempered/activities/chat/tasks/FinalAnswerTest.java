package dev.tempered.activities.chat.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code #### answer} convention: where the answer is read and how it is normalised. */
class FinalAnswerTest {
    @Test
    void readsTheAnswerAfterTheLastMarkerUpToTheEndOfItsLine() {
        assertEquals(Optional.of("84"), FinalAnswer.of("12 times 7 is 84.\n#### 84"));
        assertEquals(Optional.of("84"), FinalAnswer.of("#### 12\nNo, wait.\n#### 84\nDone."));
        assertEquals(Optional.of("2.5"), FinalAnswer.of("####2.5"));
        assertEquals(Optional.empty(), FinalAnswer.of("12 times 7 is 84."));
        assertEquals(Optional.empty(), FinalAnswer.of("The answer is\n####   \n"));
    }

    @Test
    void normalisesSpaceTrailingPeriodThousandsSeparatorsAndNumberForm() {
        assertEquals("3", FinalAnswer.normalize(" 3.0 "));
        assertEquals("3", FinalAnswer.normalize("3."));
        assertEquals("0.5", FinalAnswer.normalize("0.50"));
        assertEquals("1234567", FinalAnswer.normalize("1,234,567"));
        assertEquals("1234.5", FinalAnswer.normalize("1,234.50."));
        assertEquals("0", FinalAnswer.normalize("-0.0"));
        assertEquals("-12", FinalAnswer.normalize("-12"));
        // A comma that does not separate thousands is left alone, so "1,2" is not "12".
        assertEquals("1,2", FinalAnswer.normalize("1,2"));
        assertEquals("seven", FinalAnswer.normalize("seven."));
    }
}
