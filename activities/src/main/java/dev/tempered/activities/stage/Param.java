package dev.tempered.activities.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One parameter of a stage, on a component of the stage's params record. The parameter's name is
 * the component's in snake_case ({@code batchSize} → {@code batch_size}); its type follows the
 * component's ({@code int}/{@code long} integer, {@code double} number, {@code boolean},
 * {@code String}, {@code List<String>} or {@code Set<String>}); its default is the component's value
 * in the record's {@code DEFAULTS} constant. {@link StageParams} derives the spec from these.
 *
 * <pre>
 * public record NoopParams(
 *         &#64;Param(doc = "How long to stay busy, in milliseconds.", min = 0, max = 3_600_000) long durationMs) {
 *     public static final NoopParams DEFAULTS = new NoopParams(0);
 * }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {
    /** What the parameter does, with its unit and why its default; shown by the dashboard and docs. */
    String doc();

    /** Inclusive lower bound of a number; the Java type's own bound when left out. */
    double min() default Double.NEGATIVE_INFINITY;

    /** Inclusive upper bound of a number; the Java type's own bound when left out. */
    double max() default Double.POSITIVE_INFINITY;

    /** The accepted values of a string, or of each element of a string list; any when empty. */
    String[] choices() default {};
}
