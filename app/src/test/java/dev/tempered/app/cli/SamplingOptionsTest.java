package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.activities.model.serve.GenerationSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sample}: a completion fits the model's context, and a prompt that fills it is reported. */
class SamplingOptionsTest {
    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    private static GenerationSettings asking(int maxTokens) {
        return new GenerationSettings(maxTokens, 0.8, 50, 0.95, 7, List.of("\n"));
    }

    @Test
    void aRequestThatFitsIsUnchangedAndSilent() {
        GenerationSettings s = asking(64);
        assertSame(s, SamplingOptions.fitToContext(s, 128, 64, notices));
        assertEquals("", noticeBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void moreTokensThanTheContextLeavesAreCutWithANotice() {
        GenerationSettings fitted = SamplingOptions.fitToContext(asking(500), 128, 10, notices);
        assertEquals(118, fitted.maxTokens());
        assertEquals(asking(118), fitted);
        assertEquals(
                "tempered: --max-tokens 500 is more than the 118 tokens the model's 128-token context leaves"
                        + " after the 10-token prompt; generating at most 118\n",
                noticeBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPromptThatFillsTheContextIsAnErrorNotSilentlyCut() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SamplingOptions.fitToContext(asking(8), 128, 128, notices));
        assertEquals(
                "--prompt is 128 tokens (start token included) and the model's context is 128 tokens,"
                        + " leaving no room for a completion; shorten it",
                e.getMessage());
    }
}
