package dev.tempered.activities.training;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Everything a task needs to continue exactly from a step, ready to be written as one file. The
 * loop checks it before its listener publishes it; where it is stored is the listener's business.
 */
public interface TrainingSnapshot {

    /** Updates applied before this snapshot was taken. */
    long step();

    /**
     * The first value that is NaN or infinite, named so a person can find it (for example
     * {@code "parameter transformer.wte.weight"}), or empty when every value is finite. Such a
     * snapshot cannot continue training, so the loop never hands it to the listener.
     */
    Optional<String> firstNonFinite();

    /** Writes the snapshot in its own versioned format. */
    void write(OutputStream out) throws IOException;
}
