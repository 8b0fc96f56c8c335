package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tempered.embedded.EmbeddedS3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many uploads at once into the embedded S3 server's on-disk store, as parallel curate does. The
 * filesystem store deletes a directory as soon as its last file goes: when every staging object
 * shared one {@code staging/} folder, finishing one upload removed that folder while another was
 * writing into it ({@code NoSuchFileException …/staging/…}).
 */
class ParallelPutsOnDiskTest {
    private static final int THREADS = 8;
    private static final int PUTS_PER_THREAD = 25;

    @Test
    void concurrentPutsAllSucceedAndRoundTrip(@TempDir Path objects) throws Exception {
        try (EmbeddedS3Server s3 = EmbeddedS3Server.start(objects, 0, "parallel-key", "parallel-secret-0123456789")) {
            S3ArtifactStore store =
                    S3ArtifactStore.connect(new S3Config(s3.endpoint(), s3.accessKey(), s3.secretKey(), "parallel"));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        List<String> digests = new ArrayList<>();
                        for (int i = 0; i < PUTS_PER_THREAD; i++) {
                            digests.add(store.put(body(thread, i)).digest());
                        }
                        return digests;
                    }));
                }
                for (int t = 0; t < THREADS; t++) {
                    List<String> digests = results.get(t).get();
                    assertEquals(PUTS_PER_THREAD, digests.size());
                    for (int i = 0; i < PUTS_PER_THREAD; i++) {
                        assertArrayEquals(body(t, i), store.readAllBytes(digests.get(i)));
                    }
                }
                assertEquals(THREADS * PUTS_PER_THREAD, store.list().size());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void stagingObjectsShareNoFolderTheStoreCouldRemove() {
        // The race itself needs a preemption inside a window of microseconds, which a test cannot
        // force; this is the property that closes it: a staging key names no folder at all.
        String key = ObjectKeys.newStagingKey();
        assertEquals(-1, key.indexOf('/'), key);
        assertNotEquals(ObjectKeys.newStagingKey(), key);
    }

    private static byte[] body(int thread, int i) {
        return ("shard " + thread + "/" + i + "\n").repeat(50).getBytes(StandardCharsets.UTF_8);
    }
}
