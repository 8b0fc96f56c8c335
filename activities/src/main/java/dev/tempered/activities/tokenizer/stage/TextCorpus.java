package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.TextShardReader;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The text shards of a {@code text-manifest} (curate's output), read lazily document by document. */
public final class TextCorpus {
    private final ArtifactStore store;
    private final List<String> shards;

    public TextCorpus(ArtifactStore store, String manifestDigest) throws IOException {
        this(store, List.of(manifestDigest));
    }

    /** The shards of several manifests, one manifest's after another's. */
    public TextCorpus(ArtifactStore store, List<String> manifestDigests) throws IOException {
        this.store = store;
        List<String> all = new java.util.ArrayList<>();
        for (String digest : manifestDigests) all.addAll(shardsOf(store, digest));
        this.shards = List.copyOf(all);
    }

    @SuppressWarnings("unchecked")
    private static List<String> shardsOf(ArtifactStore store, String manifestDigest) throws IOException {
        Map<String, Object> manifest =
                Json.readMap(new String(store.readAllBytes(manifestDigest), StandardCharsets.UTF_8));
        if (!CurationActivitiesImpl.TEXT_MANIFEST_FORMAT.equals(manifest.get("format"))) {
            throw new InvalidStageInputException("artifact " + manifestDigest + " is not a text manifest (format "
                    + manifest.get("format") + "); tokenizer stages read curate's output");
        }
        return ((List<Map<String, Object>>) manifest.get("shards"))
                .stream().map(s -> (String) s.get("digest")).toList();
    }

    public List<String> shards() {
        return shards;
    }

    /** Documents of one shard, in order. */
    public Iterator<Document> documents(int shard) {
        return iterate(List.of(shards.get(shard)));
    }

    /** Documents of every shard, in order. */
    public Iterator<Document> documents() {
        return iterate(shards);
    }

    private Iterator<Document> iterate(List<String> digests) {
        return new Iterator<>() {
            private int next;
            private TextShardReader reader;
            private InputStream in;
            private Document pending;

            @Override
            public boolean hasNext() {
                try {
                    while (pending == null) {
                        if (reader == null) {
                            if (next >= digests.size()) return false;
                            String digest = digests.get(next++);
                            in = store.open(digest);
                            reader = new TextShardReader(in, digest);
                        }
                        pending = reader.next();
                        if (pending == null) {
                            reader.close();
                            reader = null;
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Document next() {
                if (!hasNext()) throw new NoSuchElementException();
                Document d = pending;
                pending = null;
                return d;
            }
        };
    }
}
