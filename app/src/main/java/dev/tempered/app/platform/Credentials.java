package dev.tempered.app.platform;

import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Access keys of the embedded S3 server: random on first start, then kept owner-only in
 * {@code <data_dir>/credentials.json} so objects stay readable across restarts.
 */
public record Credentials(String s3AccessKey, String s3SecretKey) {
    public static Credentials loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("credentials.json");
        try {
            if (Files.exists(file)) {
                Map<String, Object> m = Json.readMap(Files.readString(file));
                return new Credentials((String) m.get("s3_access_key"), (String) m.get("s3_secret_key"));
            }
            Files.createDirectories(dataDir);
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            Credentials c = new Credentials("tempered", HexFormat.of().formatHex(secret));
            Files.writeString(file, Json.write(Map.of("s3_access_key", c.s3AccessKey(), "s3_secret_key", c.s3SecretKey())));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
