package dev.tempered.activities.chat.eval;

import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import java.util.List;

/**
 * Batched reply generation as {@link ChatEvaluator} needs it: the shape of
 * {@code ChatEngine.generate}, which the stage passes as {@code engine::generate}. The evaluator
 * depends on this shape only, so its scoring reads without the engine's model and device.
 */
@FunctionalInterface
public interface ReplyGenerator {
    /** One generation per row, in row order. */
    List<Generation> generate(List<GenerationRequest> rows, EngineSettings settings, GenerationListener listener);
}
