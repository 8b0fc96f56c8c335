package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ArtifactStoreTest {
    private static S3ArtifactStore store;

    @BeforeAll
    static void connect() {
        store = StorageFixture.get().newArtifactStore("store-test");
    }

    @Test
    void putStoresUnderTheSha256OfTheBytes() throws IOException {
        byte[] bytes = "The Universal Declaration of Human Rights\n".getBytes(StandardCharsets.UTF_8);
        StoredObject stored = store.put(bytes);
        String expected = HexFormat.of().formatHex(Digests.newSha256().digest(bytes));
        assertEquals(expected, stored.digest());
        assertEquals(bytes.length, stored.size());
        assertEquals("sha256/" + expected.substring(0, 2) + "/" + expected, stored.storageKey());
        assertArrayEquals(bytes, store.readAllBytes(stored.digest()));
    }

    @Test
    void putIsIdempotentAndLeavesNoStagingObjects() throws IOException {
        byte[] bytes = "same bytes twice".getBytes(StandardCharsets.UTF_8);
        StoredObject first = store.put(bytes);
        StoredObject second = store.put(bytes);
        assertEquals(first, second);
        long copies = store.list().stream()
                .filter(o -> o.digest().equals(first.digest()))
                .count();
        assertEquals(1, copies);
    }

    @Test
    void largeStreamOfUnknownLengthGoesUpInPartsAndRoundTrips(@TempDir Path tmp) throws IOException {
        // 40 MiB of seeded random bytes: larger than two 16 MiB parts, so the multipart path runs.
        Path big = tmp.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        var sha = Digests.newSha256();
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 40; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        StoredObject stored;
        try (InputStream in = Files.newInputStream(big)) {
            stored = store.put(in);
        }
        assertEquals(Digests.hex(sha), stored.digest());
        assertEquals(40L << 20, stored.size());
        Path back = tmp.resolve("back.bin");
        store.download(stored.digest(), back);
        assertEquals(Files.mismatch(big, back), -1L);
    }

    @Test
    void corruptedObjectFailsVerificationOnRead() throws Exception {
        StoredObject stored = store.put("original contents".getBytes(StandardCharsets.UTF_8));
        store.overwriteForTesting(stored.digest(), "tampered contents".getBytes(StandardCharsets.UTF_8));
        DigestMismatchException e =
                assertThrows(DigestMismatchException.class, () -> store.readAllBytes(stored.digest()));
        assertTrue(e.getMessage().contains(stored.digest()), e.getMessage());
    }

    @Test
    void failedDownloadLeavesNothingAtTheTarget(@TempDir Path tmp) throws Exception {
        StoredObject stored = store.put("will be corrupted".getBytes(StandardCharsets.UTF_8));
        store.overwriteForTesting(stored.digest(), "corrupted".getBytes(StandardCharsets.UTF_8));
        Path target = tmp.resolve("out.txt");
        assertThrows(DigestMismatchException.class, () -> store.download(stored.digest(), target));
        assertFalse(Files.exists(target));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "no partial file left behind");
        }
    }

    @Test
    void aTargetThatIsANonEmptyDirectoryIsRefusedWithoutLeavingAPartialFile(@TempDir Path tmp) throws Exception {
        StoredObject stored = store.put("bytes for a directory".getBytes(StandardCharsets.UTF_8));
        Path target = tmp.resolve("existing");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "mine");
        assertThrows(java.io.IOException.class, () -> store.download(stored.digest(), target));
        try (var files = Files.list(tmp)) {
            assertEquals(
                    List.of("existing"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("mine", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void missingArtifactIsNamed() {
        String digest = "ab".repeat(32);
        ArtifactNotFoundException e = assertThrows(ArtifactNotFoundException.class, () -> store.open(digest));
        assertTrue(e.getMessage().contains(digest));
        assertTrue(store.stat(digest).isEmpty());
    }

    @Test
    void keysCannotBeChosenByCallers() {
        for (String bad : new String[] {"../../etc/passwd", "AB".repeat(32), "ab".repeat(31), "staging/x", ""}) {
            assertThrows(IllegalArgumentException.class, () -> store.open(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> store.stat(bad), bad);
        }
    }

    @Test
    void listShowsStoredArtifactsWithSizes() throws IOException {
        StoredObject a = store.put("list me".getBytes(StandardCharsets.UTF_8));
        assertTrue(store.list().contains(a));
    }
}
