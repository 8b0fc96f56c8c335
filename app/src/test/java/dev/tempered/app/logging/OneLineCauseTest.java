package dev.tempered.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** The terminal's layout: one line per logged failure, the sentence of its cause, no frames. */
class OneLineCauseTest {
    private static String layout(Throwable t) {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("oneLineCause", OneLineCause::new);
        layout.setPattern("%-5level %logger{20} - %msg%oneLineCause%n");
        layout.start();
        Logger logger = context.getLogger("io.temporal.internal.activity.ActivityTaskExecutors");
        return layout.doLayout(new LoggingEvent(
                Logger.class.getName(), logger, Level.WARN, "Activity failure. activityType=RunStage", t, null));
    }

    @Test
    void aStageFailureIsItsSentenceOnOneLine() {
        String line = layout(new RuntimeException(
                "activity failed",
                ApplicationFailure.newNonRetryableFailure(
                        "stage pretrain failed: params.lr=5 must be from 0 to 1", "StageFailed")));
        assertEquals(
                "WARN  i.t.i.a.ActivityTaskExecutors - Activity failure. activityType=RunStage — RuntimeException:"
                        + " activity failed (full trace in the log file)" + System.lineSeparator(),
                line);
        String direct = layout(ApplicationFailure.newNonRetryableFailure(
                "stage pretrain failed: params.lr=5 must be from 0 to 1", "StageFailed"));
        assertEquals(
                "WARN  i.t.i.a.ActivityTaskExecutors - Activity failure. activityType=RunStage — stage pretrain failed:"
                        + " params.lr=5 must be from 0 to 1 (full trace in the log file)" + System.lineSeparator(),
                direct);
    }

    @Test
    void aBugIsNamedByItsClassStillOnOneLine() {
        String line = layout(new NullPointerException("model is null\n  second line"));
        assertEquals(1, line.strip().lines().count(), line);
        assertEquals(
                "WARN  i.t.i.a.ActivityTaskExecutors - Activity failure. activityType=RunStage — NullPointerException:"
                        + " model is null   second line (full trace in the log file)" + System.lineSeparator(),
                line);
    }
}
