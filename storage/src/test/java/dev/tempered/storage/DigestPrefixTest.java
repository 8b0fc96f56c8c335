package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every command and page resolves what a person typed through {@link LineageStore#resolveDigest}. */
class DigestPrefixTest {
    private static LineageStore lineage;

    @BeforeAll
    static void open() {
        lineage = StorageFixture.get().lineage();
    }

    /** A fresh 12-character prefix no other test uses, and two digests sharing it. */
    private static String sharedPrefix() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String record(String digest) {
        lineage.recordArtifact(ArtifactRecord.of(
                new StoredObject(digest, 1, ObjectKeys.forDigest(digest)), "text-shard", "text/plain", Map.of()));
        return digest;
    }

    private static String digestWith(String prefix, char fill) {
        return prefix + String.valueOf(fill).repeat(64 - prefix.length());
    }

    @Test
    void aUniquePrefixOrTheFullDigestResolvesInAnyCase() {
        String prefix = sharedPrefix();
        String digest = record(digestWith(prefix, 'a'));
        assertEquals(digest, lineage.resolveDigest(digest));
        assertEquals(digest, lineage.resolveDigest(prefix));
        assertEquals(digest, lineage.resolveDigest(prefix.toUpperCase() + " "));
    }

    @Test
    void anAmbiguousPrefixListsTheCandidatesOnOneLine() {
        String prefix = sharedPrefix();
        String a = record(prefix + "0" + "a".repeat(51));
        String b = record(prefix + "1" + "b".repeat(51));
        DigestPrefixException e = assertThrows(DigestPrefixException.class, () -> lineage.resolveDigest(prefix));
        assertTrue(e.ambiguous());
        assertEquals(List.of(a, b), e.candidates());
        assertEquals(
                "digest prefix " + prefix + " is ambiguous: it matches " + a.substring(0, 16) + ", "
                        + b.substring(0, 16) + "; type more characters",
                e.getMessage());
        assertEquals(a, lineage.resolveDigest(prefix + "0"));
    }

    @Test
    void unknownAndMalformedPrefixesSaySo() {
        String prefix = sharedPrefix();
        DigestPrefixException unknown = assertThrows(DigestPrefixException.class, () -> lineage.resolveDigest(prefix));
        assertFalse(unknown.ambiguous());
        assertEquals("no artifact " + prefix + " in the lineage store", unknown.getMessage());
        IllegalArgumentException shortOne =
                assertThrows(IllegalArgumentException.class, () -> lineage.resolveDigest("abc"));
        assertFalse(shortOne instanceof DigestPrefixException);
        assertTrue(shortOne.getMessage().startsWith("'abc' is not an artifact digest: give at least 6"));
        assertThrows(IllegalArgumentException.class, () -> lineage.resolveDigest("zz" + prefix));
    }
}
