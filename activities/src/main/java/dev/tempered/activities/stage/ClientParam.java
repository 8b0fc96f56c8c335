package dev.tempered.activities.stage;

import dev.tempered.storage.ArtifactPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A parameter the submitter consumes before the run, such as local paths that become input
 * artifacts. It never reaches the stage nor its cache key; the inputs it becomes do.
 *
 * @param spec  its type and meaning, for validation and the dashboard
 * @param input the input it becomes; a spec that gives this input itself needs no client param
 */
public record ClientParam(ParamSpec spec, String input, Resolver resolver) {

    /** Turns the client param's value into input digests (uploading what it names). */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @param base  the pipeline file's directory: relative paths are relative to it
         * @param value the value as written, null when absent
         * @param field where the value is, for errors ({@code demo.yaml: stages[0].params.sources})
         * @return input name → digest, {@link #input()} among them
         */
        Map<String, String> resolve(ArtifactPublisher publisher, Path base, Object value, String field)
                throws IOException;
    }
}
