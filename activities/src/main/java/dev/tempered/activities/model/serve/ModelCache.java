package dev.tempered.activities.model.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few most recently used models, so a playground or chat session does not reload a checkpoint
 * (and re-read its tokenizer) for every request. Keyed by checkpoint and tokenizer override; holds
 * {@link LoadedModel}s for the playground and {@link ChatModel}s for chat alike.
 *
 * <p>Loading happens under the cache's lock: two requests for a cold model load it once, at the
 * price of a request for another model waiting meanwhile (loads take about a second for the demo
 * model). An evicted model is closed; a generation still running on it finishes first, because
 * {@link LoadedModel#close} waits for it.
 */
public final class ModelCache<M extends AutoCloseable> implements AutoCloseable {
    /** Loads a model: checkpoint digest and tokenizer digest (null: the one lineage leads to). */
    @FunctionalInterface
    public interface Loader<M> {
        M load(String checkpoint, String tokenizer);
    }

    private final Loader<M> loader;
    private final LinkedHashMap<String, M> models;

    /** The playground's cache of base models, loaded with {@link ModelLoader#load}. */
    public static ModelCache<LoadedModel> of(ModelLoader loader, int capacity) {
        return new ModelCache<>(loader::load, capacity);
    }

    /** @param capacity models kept in memory, 1 or more; the demo model needs ~4 MB, a real one far more */
    public ModelCache(Loader<M> loader, int capacity) {
        if (capacity < 1)
            throw new IllegalArgumentException("model cache capacity must be at least 1, got " + capacity);
        this.loader = loader;
        this.models = new LinkedHashMap<>(capacity + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, M> eldest) {
                if (size() <= capacity) return false;
                closeQuietly(eldest.getValue());
                return true;
            }
        };
    }

    /** The loaded model, loading it on first use; throws {@link ModelLoadException} as the loader does ({@link ModelLoader#load}, {@link ModelLoader#loadChat}). */
    public synchronized M get(String checkpoint, String tokenizerOverride) {
        String key = checkpoint + "/" + tokenizerOverride;
        M m = models.get(key);
        if (m == null) {
            m = loader.load(checkpoint, tokenizerOverride);
            models.put(key, m);
        }
        return m;
    }

    @Override
    public synchronized void close() {
        List<M> all = new ArrayList<>(models.values());
        models.clear();
        all.forEach(ModelCache::closeQuietly);
    }

    /** Models close without checked exceptions; anything else is a bug worth seeing. */
    private static void closeQuietly(AutoCloseable m) {
        try {
            m.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing a cached model failed", e);
        }
    }
}
