package dev.tempered.app.config;

import java.nio.file.Path;

/**
 * Sets the caller's directory and the Tempered checkout as the wrapper script does ({@code
 * -Dtempered.cwd}, {@code -Dtempered.home}) for the length of a test, then restores them.
 */
public final class CallerDirectory implements AutoCloseable {
    private final String oldCwd = System.getProperty(CallerPaths.CWD_PROPERTY);
    private final String oldHome = System.getProperty(CallerPaths.HOME_PROPERTY);

    public CallerDirectory(Path cwd, Path home) {
        System.setProperty(CallerPaths.CWD_PROPERTY, cwd.toString());
        System.setProperty(CallerPaths.HOME_PROPERTY, home.toString());
    }

    @Override
    public void close() {
        restore(CallerPaths.CWD_PROPERTY, oldCwd);
        restore(CallerPaths.HOME_PROPERTY, oldHome);
    }

    private static void restore(String name, String value) {
        if (value == null) System.clearProperty(name);
        else System.setProperty(name, value);
    }
}
