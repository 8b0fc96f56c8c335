package dev.tempered.app.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.tempered.workflows.FailureText;

/**
 * Logback conversion word {@code %oneLineCause} for the terminal: a logged exception becomes one
 * sentence after the message ({@code — stage pretrain failed: …}) instead of a stack trace. A
 * user's mistake (a bad parameter, a missing artifact) was printed as forty lines of Temporal
 * frames per failure; the log file keeps the full trace of every failure, bugs included, and the
 * sentence says where it is.
 */
public final class OneLineCause extends ThrowableHandlingConverter {
    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy == null) return "";
        String sentence = proxy instanceof ThrowableProxy p
                ? FailureText.of(p.getThrowable())
                : proxy.getClassName() + ": " + proxy.getMessage();
        return " — " + sentence.replace('\n', ' ') + " (full trace in the log file)";
    }
}
