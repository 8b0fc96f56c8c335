package dev.tempered.app.config;

import java.nio.file.Path;

/**
 * Where a user's relative paths point: the directory the {@code tempered} command was typed in.
 * The wrapper script passes it as {@code -Dtempered.cwd} (and its own folder as {@code
 * -Dtempered.home}); run any other way, both are the JVM's working directory. Every path a user
 * types (a pipeline file, {@code --config}, {@code --data-dir}, {@code -o}) goes through {@link
 * #resolve}, so {@code tempered run x.yaml} from another folder finds {@code x.yaml} there and
 * {@code artifacts get D -o out.json} never writes into the checkout by accident.
 *
 * <p>Not handled here: paths inside files ({@code sources} in a pipeline are relative to that
 * file, {@code data_dir} in {@code tempered.yaml} to the configuration file).
 */
public final class CallerPaths {
    /** System property naming the caller's directory. */
    public static final String CWD_PROPERTY = "tempered.cwd";

    /** System property naming the Tempered checkout (where the default data directory and examples live). */
    public static final String HOME_PROPERTY = "tempered.home";

    private CallerPaths() {}

    /** The directory the command was typed in. */
    public static Path callerDir() {
        return directory(CWD_PROPERTY);
    }

    /** The Tempered checkout: the default {@code .tempered} data directory and {@code examples/} are here. */
    public static Path home() {
        return directory(HOME_PROPERTY);
    }

    /** {@code path} as the user meant it: absolute paths unchanged, relative ones against {@link #callerDir()}. */
    public static Path resolve(Path path) {
        return callerDir().resolve(path).normalize();
    }

    private static Path directory(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) value = System.getProperty("user.dir");
        return Path.of(value).toAbsolutePath().normalize();
    }
}
