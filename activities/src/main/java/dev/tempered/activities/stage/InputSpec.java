package dev.tempered.activities.stage;

/**
 * One named input of a stage: the digest a pipeline passes under {@code name}.
 *
 * @param kind     the artifact kind the stage reads there ({@code token-manifest}, {@code checkpoint});
 *                 {@code any} for a stage that takes whatever it is given
 * @param required a required input that is missing fails the stage at planning, naming it
 */
public record InputSpec(String name, String kind, boolean required, String doc) {
    public static InputSpec required(String name, String kind, String doc) {
        return new InputSpec(name, kind, true, doc);
    }

    public static InputSpec optional(String name, String kind, String doc) {
        return new InputSpec(name, kind, false, doc);
    }
}
