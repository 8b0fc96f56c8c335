package dev.tempered.web;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What the playground needs from a model server: complete a prompt with a checkpoint, streaming
 * text. The dashboard stays free of any ML library; the {@code app} module plugs in an
 * implementation backed by the real model code.
 *
 * <p>Implementations throw {@link GeneratorException} before the first piece when the model cannot
 * be served (unknown digest, not a checkpoint, no tokenizer), so the page can answer 404 or 400.
 */
public interface TextGenerator {

    /** How generation ended: {@code tokens} new tokens, {@code stop} one of max_tokens, stop_token, cancelled. */
    record Completion(int tokens, String stop) {}

    /**
     * Completes {@code prompt} with the checkpoint {@code model}, passing text to {@code pieces} as
     * it is generated, in order. {@code keepGoing} turns false when the client went away; the
     * implementation then stops soon (after the current token) and returns.
     */
    Completion generate(
            String model,
            String prompt,
            PlaygroundSettings settings,
            Consumer<String> pieces,
            BooleanSupplier keepGoing);
}
