package dev.tempered.activities;

import dev.tempered.workflows.StageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Small things every stage activity needs: its named inputs and a scratch directory it cleans up. */
public final class StageWork {
    private StageWork() {}

    /** The digest of input {@code name}, or a non-retryable error listing the inputs that exist. */
    public static String requireInput(StageRequest request, String name) {
        String digest = request.inputs().get(name);
        if (digest == null) {
            throw new InvalidStageInputException(
                    "missing input '" + name + "'; got " + request.inputs().keySet());
        }
        return digest;
    }

    /** Removes a scratch directory and everything in it; a leftover temp directory is harmless. */
    public static void deleteTree(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // Nothing to do: the directory lives under the system temp directory.
        }
    }
}
