package dev.tempered.app.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The log file, {@code DATA_DIR/logs/tempered.log}. The data directory is known only once the
 * configuration is read, after logging has started, so {@code logback.xml} holds the console
 * appender alone and this class attaches the file appender then. Nothing is written to a log file
 * before that (until then only warnings reach stderr), so no stray {@code .tempered/logs} appears
 * in whatever folder the command was typed in.
 */
public final class LogFile {
    private static final String APPENDER = "FILE";

    private LogFile() {}

    /** Sends the log to {@code dir/tempered.log} from now on (replacing an earlier log file of this process). */
    public static synchronized void useDirectory(Path dir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String file = dir.resolve("tempered.log").toString();
        if (root.getAppender(APPENDER) instanceof FileAppender<ILoggingEvent> current
                && file.equals(current.getFile())) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file);
        appender.setEncoder(encoder);
        appender.start();
        root.detachAppender(APPENDER);
        root.addAppender(appender);
    }

    /** The file the log goes to now, or null before {@link #useDirectory}. */
    public static Path current() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return null;
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        return root.getAppender(APPENDER) instanceof FileAppender<ILoggingEvent> f ? Path.of(f.getFile()) : null;
    }
}
