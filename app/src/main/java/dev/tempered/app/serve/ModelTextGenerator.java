package dev.tempered.app.serve;

import dev.tempered.activities.model.serve.GenerationSettings;
import dev.tempered.activities.model.serve.LoadedModel;
import dev.tempered.activities.model.serve.ModelCache;
import dev.tempered.activities.model.serve.ModelLoadException;
import dev.tempered.activities.model.serve.ModelLoader;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.LineageStore;
import dev.tempered.web.GeneratorException;
import dev.tempered.web.PlaygroundSettings;
import dev.tempered.web.TextGenerator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The dashboard playground's {@link TextGenerator}, backed by the real model code: the same
 * {@link ModelLoader} and generation as {@code tempered sample}, so the same settings give the same
 * text, with the last few models kept loaded.
 */
public final class ModelTextGenerator implements TextGenerator, AutoCloseable {
    /** Models kept in memory; a playground session mostly compares two or three checkpoints. */
    static final int CACHED_MODELS = 3;

    private final ModelCache<LoadedModel> models;

    public ModelTextGenerator(ArtifactStore store, LineageStore lineage) {
        this.models = ModelCache.of(new ModelLoader(store, lineage), CACHED_MODELS);
    }

    @Override
    public Completion generate(
            String model, String prompt, PlaygroundSettings s, Consumer<String> pieces, BooleanSupplier keepGoing) {
        LoadedModel m;
        try {
            m = models.get(model, null);
        } catch (ModelLoadException e) {
            throw switch (e.problem()) {
                case NOT_FOUND, MISSING_BYTES -> GeneratorException.notFound(e.getMessage(), e);
                default -> GeneratorException.badRequest(e.getMessage(), e);
            };
        }
        GenerationSettings settings =
                new GenerationSettings(s.maxTokens(), s.temperature(), s.topK(), s.topP(), s.seed(), List.of());
        LoadedModel.Completion c = m.generate(prompt, settings, pieces, keepGoing);
        return new Completion(c.tokens(), c.stop());
    }

    @Override
    public void close() {
        models.close();
    }
}
