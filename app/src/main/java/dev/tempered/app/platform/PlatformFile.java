package dev.tempered.app.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code <data_dir>/platform.json}: where a running embedded platform listens, so that other
 * commands ({@code run}, {@code runs}, {@code worker}) on the same machine can find it. Written
 * owner-only because it carries the embedded services' credentials.
 */
public record PlatformFile(
        long pid,
        String temporalTarget,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Bucket,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        String webUrl,
        boolean embeddedTemporal) {
    private static final ObjectMapper MAPPER = Json.MAPPER;

    public static Path path(Path dataDir) {
        return dataDir.resolve("platform.json");
    }

    /** The file of a platform whose process is still alive, if any. */
    public static Optional<PlatformFile> readLive(Path dataDir) {
        Path file = path(dataDir);
        if (!Files.exists(file)) return Optional.empty();
        try {
            PlatformFile p = MAPPER.readValue(file.toFile(), PlatformFile.class);
            return ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive).map(h -> p);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, ".platform", ".json");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, path(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(dataDir), e);
        }
    }

    public static void deleteIfOurs(Path dataDir, long pid) {
        readLive(dataDir).filter(p -> p.pid() == pid).ifPresent(p -> {
            try {
                Files.deleteIfExists(path(dataDir));
            } catch (IOException ignored) {
                // A stale file is harmless: readers check that its process is alive.
            }
        });
    }
}
