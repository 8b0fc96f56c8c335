package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path dataDir;

    @Test
    void createsAnOwnerOnlyFileAndReadsTheSameKeysBack() throws IOException {
        Credentials created = Credentials.loadOrCreate(dataDir);
        Path file = dataDir.resolve(Credentials.FILE_NAME);
        assertEquals(Credentials.OWNER_ONLY, Files.getPosixFilePermissions(file));
        assertEquals(48, created.s3SecretKey().length(), "24 random bytes in hex");
        assertTrue(created.postgresPassword().matches("[0-9a-f]{48}"), created.postgresPassword());
        assertNotEquals(created.s3SecretKey(), created.postgresPassword());
        assertEquals(created, Credentials.loadOrCreate(dataDir));
        try (Stream<Path> files = Files.list(dataDir)) {
            assertEquals(List.of(file), files.toList(), "a temporary file was left behind");
        }
    }

    /**
     * Watches the data directory at every file operation the JDK checks (open, create, chmod,
     * rename, delete) while the file is created, and fails on any moment where a file there holds
     * the secret and is readable by group or others. Writing first and restricting afterwards shows
     * up here deterministically: the chmod is itself such a checkpoint, with the secret already in a
     * group-readable file (under the usual umask 022). A SecurityManager is the one hook the JDK
     * calls at each of these operations; it is removed again before the test ends.
     */
    @Test
    @SuppressWarnings("removal") // SecurityManager: see above; JDK 17 still honours it.
    void theSecretIsNeverInAFileOthersMayRead() {
        // Synchronised: a thread left over from another test class may touch files while the watcher is installed.
        List<String> exposures = Collections.synchronizedList(new ArrayList<>());
        SecurityManager watcher = new SecurityManager() {
            @Override
            public void checkPermission(Permission perm) {}

            @Override
            public void checkWrite(String file) {
                inspect();
            }

            @Override
            public void checkDelete(String file) {
                inspect();
            }

            private void inspect() {
                try (Stream<Path> files = Files.list(dataDir)) {
                    for (Path f : files.toList()) {
                        Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
                        if (Files.size(f) > 0 && !Credentials.OWNER_ONLY.containsAll(p)) {
                            exposures.add(f.getFileName() + " " + PosixFilePermissions.toString(p));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            System.setSecurityManager(watcher);
        } catch (UnsupportedOperationException e) {
            // JDK 17 (the platform's) honours it; JDK 24 and later removed it. Reported as skipped, never as passed.
            Assumptions.abort("this JDK no longer lets a test install a SecurityManager: " + e.getMessage());
        }
        try {
            Credentials.loadOrCreate(dataDir);
        } finally {
            System.setSecurityManager(null);
        }
        assertEquals(List.of(), exposures);
    }

    @Test
    void aFileOthersCouldReadIsRestrictedAndStillUsed() throws IOException {
        Path file = dataDir.resolve(Credentials.FILE_NAME);
        Files.writeString(
                file, "{\"s3_access_key\":\"tempered\",\"s3_secret_key\":\"9f2c4e\",\"postgres_password\":\"a1b2\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertEquals(new Credentials("tempered", "9f2c4e", "a1b2"), Credentials.loadOrCreate(dataDir));
        assertEquals(Credentials.OWNER_ONLY, Files.getPosixFilePermissions(file));
    }

    @Test
    void aFileFromBeforePostgresHadAPasswordGainsOneAndKeepsTheS3Keys() throws IOException {
        Path file = dataDir.resolve(Credentials.FILE_NAME);
        Files.writeString(file, "{\"s3_access_key\":\"tempered\",\"s3_secret_key\":\"9f2c4e\"}");
        Files.setPosixFilePermissions(file, Credentials.OWNER_ONLY);

        Credentials upgraded = Credentials.loadOrCreate(dataDir);
        assertEquals("9f2c4e", upgraded.s3SecretKey());
        assertTrue(upgraded.postgresPassword().matches("[0-9a-f]{48}"), upgraded.postgresPassword());
        assertEquals(upgraded, Credentials.loadOrCreate(dataDir), "the new password is kept, not made again");
        assertEquals(Credentials.OWNER_ONLY, Files.getPosixFilePermissions(file));
    }

    @Test
    void aFileWithoutTheSecretIsRefusedNamingTheFileAndTheKey() throws IOException {
        Path file = dataDir.resolve(Credentials.FILE_NAME);
        Files.writeString(file, "{\"s3_access_key\":\"tempered\"}");
        Files.setPosixFilePermissions(file, Credentials.OWNER_ONLY);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Credentials.loadOrCreate(dataDir));
        assertTrue(
                e.getMessage().contains(file.toString()) && e.getMessage().contains("s3_secret_key"), e.getMessage());
    }
}
