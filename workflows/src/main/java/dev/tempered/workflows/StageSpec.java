package dev.tempered.workflows;

import java.util.Map;

/**
 * One stage of a pipeline as submitted.
 *
 * @param stage  a registered stage name ({@code dev.tempered.activities.stage.StageRegistry}); unique within the pipeline
 * @param params stage parameters; the stage's catalog entry fills defaults and validates them
 * @param inputs input name → {@code stage:<earlier stage>} (its primary output) or a sha256 digest;
 *               empty means "the previous stage's primary output, as {@code in}" (none for the first)
 */
public record StageSpec(String stage, Map<String, Object> params, Map<String, String> inputs) {
    public static final String STAGE_REF_PREFIX = "stage:";
    public static final String DEFAULT_INPUT = "in";

    public StageSpec {
        params = params == null ? Map.of() : params;
        inputs = inputs == null ? Map.of() : inputs;
    }
}
