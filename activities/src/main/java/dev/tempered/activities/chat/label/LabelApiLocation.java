package dev.tempered.activities.chat.label;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where this process's web server serves the label API, for simulated labelers started by a worker
 * in the same process (the embedded platform): the app publishes the URL once its web server is up.
 * A worker in another process has none and needs the stage's {@code label_url} param.
 */
public final class LabelApiLocation {
    private static final AtomicReference<URI> CURRENT = new AtomicReference<>();

    private LabelApiLocation() {}

    public static void publish(URI url) {
        CURRENT.set(url);
    }

    public static Optional<URI> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
