package dev.tempered.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/**
 * The playground form, validated: a 400 names the field, the value and the range. The ranges keep
 * one request from occupying the server for long (at most {@link #MAX_NEW_TOKENS} tokens, prompts
 * up to {@link #MAX_PROMPT_CHARS} characters) and match what the sampler accepts.
 *
 * @param maxTokens   new tokens, 1 to {@link #MAX_NEW_TOKENS}
 * @param temperature 0 (greedy) to 2
 * @param topK        0 (keep all) to 100 000
 * @param topP        above 0, at most 1
 * @param seed        0 to 2^53 − 1, which a browser's number still holds exactly
 */
public record PlaygroundSettings(int maxTokens, double temperature, int topK, double topP, long seed) {
    public static final int MAX_NEW_TOKENS = 512;
    public static final int MAX_PROMPT_CHARS = 4000;
    static final long MAX_SEED = (1L << 53) - 1;

    /** The form's initial values: the {@code sample} stage's defaults. */
    public static PlaygroundSettings defaults() {
        return new PlaygroundSettings(64, 0.8, 50, 0.95, 1);
    }

    static PlaygroundSettings of(Context ctx) {
        PlaygroundSettings d = defaults();
        return new PlaygroundSettings(
                (int) PathParams.longQuery(ctx, "max_tokens", d.maxTokens(), 1, MAX_NEW_TOKENS),
                number(ctx, "temperature", d.temperature(), 0, 2, true),
                (int) PathParams.longQuery(ctx, "top_k", d.topK(), 0, 100_000),
                number(ctx, "top_p", d.topP(), 0, 1, false),
                PathParams.longQuery(ctx, "seed", d.seed(), 0, MAX_SEED));
    }

    /** The prompt: any text (empty continues from BOS alone) up to the length limit. */
    static String prompt(Context ctx) {
        String p = PathParams.field(ctx, "prompt");
        if (p == null) return "";
        if (p.length() > MAX_PROMPT_CHARS) {
            throw new BadRequestResponse(
                    "prompt is " + p.length() + " characters long; the playground takes at most " + MAX_PROMPT_CHARS);
        }
        return p;
    }

    private static double number(
            Context ctx, String name, double fallback, double min, double max, boolean minIncluded) {
        String raw = PathParams.field(ctx, name);
        if (raw == null || raw.isEmpty()) return fallback;
        try {
            double v = Double.parseDouble(raw);
            if (!(v <= max && (minIncluded ? v >= min : v > min))) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(
                    "query parameter " + name + "='" + PathParams.shorten(raw) + "' must be a number "
                            + (minIncluded
                                    ? "from " + Views.scalar(min) + " to "
                                    : "above " + Views.scalar(min) + " and at most ")
                            + Views.scalar(max));
        }
    }
}
