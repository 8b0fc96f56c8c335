package dev.tempered.activities.model.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few most recently used models, so a playground session does not reload a checkpoint (and
 * re-read its tokenizer) for every request. Keyed by checkpoint and tokenizer override.
 *
 * <p>Loading happens under the cache's lock: two requests for a cold model load it once, at the
 * price of a request for another model waiting meanwhile (loads take about a second for the demo
 * model). An evicted model is closed; a generation still running on it finishes first, because
 * {@link LoadedModel#close} waits for it.
 */
public final class ModelCache implements AutoCloseable {
    private final ModelLoader loader;
    private final LinkedHashMap<String, LoadedModel> models;

    /** @param capacity models kept in memory, 1 or more; the demo model needs ~4 MB, a real one far more */
    public ModelCache(ModelLoader loader, int capacity) {
        if (capacity < 1)
            throw new IllegalArgumentException("model cache capacity must be at least 1, got " + capacity);
        this.loader = loader;
        this.models = new LinkedHashMap<>(capacity + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoadedModel> eldest) {
                if (size() <= capacity) return false;
                eldest.getValue().close();
                return true;
            }
        };
    }

    /** The loaded model, loading it on first use; throws {@link ModelLoadException} as {@link ModelLoader#load} does. */
    public synchronized LoadedModel get(String checkpoint, String tokenizerOverride) {
        String key = checkpoint + "/" + tokenizerOverride;
        LoadedModel m = models.get(key);
        if (m == null) {
            m = loader.load(checkpoint, tokenizerOverride);
            models.put(key, m);
        }
        return m;
    }

    @Override
    public synchronized void close() {
        List<LoadedModel> all = new ArrayList<>(models.values());
        models.clear();
        all.forEach(LoadedModel::close);
    }
}
