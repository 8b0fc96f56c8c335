package dev.tempered.workflows;

import java.util.Map;

/**
 * One stage of a pipeline as submitted.
 *
 * @param stage  a registered stage name ({@code dev.tempered.activities.stage.StageRegistry})
 * @param params stage parameters; the stage's catalog entry fills defaults and validates them
 * @param inputs input name → {@code stage:<earlier id>} (its primary output), {@code stage:<earlier
 *               id>.<output>} (one of its named outputs, e.g. {@code stage:synthesize.heldout}) or a
 *               sha256 digest; empty means "the previous stage's primary output, as {@code in}"
 *               (none for the first)
 * @param id     this stage's name within the pipeline, unique there; null means the stage name. A
 *               pipeline that runs a stage twice (evaluate the base and the chat model) gives the
 *               runs ids ({@code evaluate-base}, {@code evaluate-sft})
 */
public record StageSpec(String stage, Map<String, Object> params, Map<String, String> inputs, String id) {
    public static final String STAGE_REF_PREFIX = "stage:";
    public static final String DEFAULT_INPUT = "in";

    public StageSpec {
        params = params == null ? Map.of() : params;
        inputs = inputs == null ? Map.of() : inputs;
    }

    public StageSpec(String stage, Map<String, Object> params, Map<String, String> inputs) {
        this(stage, params, inputs, null);
    }

    /** The id other stages refer to this one by: {@link #id()} when given, else the stage name. */
    public String key() {
        return id != null ? id : stage;
    }
}
