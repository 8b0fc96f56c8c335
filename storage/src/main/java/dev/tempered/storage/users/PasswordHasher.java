package dev.tempered.storage.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), the
 * format the reference implementation and libsodium write, so the cost travels with each hash and
 * can be raised later without invalidating old ones. The defaults are OWASP's minimum for
 * Argon2id (19 MiB, 2 passes, 1 lane), about 50 ms a hash on this kind of machine: logins are
 * rare, submissions never hash.
 *
 * @param memoryKiB memory cost in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record PasswordHasher(int memoryKiB, int iterations, int parallelism) {
    public static final PasswordHasher DEFAULT = new PasswordHasher(19_456, 2, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHasher {
        if (memoryKiB < 8 * parallelism)
            throw new IllegalArgumentException("memory_kib must be at least 8 × parallelism");
        if (iterations < 1 || parallelism < 1)
            throw new IllegalArgumentException("iterations and parallelism must be ≥ 1");
    }

    /** A fresh salt and the PHC string of {@code password}. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(h);
    }

    /**
     * Whether {@code password} matches {@code phc}, compared in constant time; the cost is read
     * from the stored string, not from this hasher. A string that is not an Argon2id PHC string
     * never matches.
     */
    public static boolean verify(String password, String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) return false;
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(
                password,
                salt,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(
            String password, byte[] salt, int memoryKiB, int iterations, int parallelism, int len) {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] out = new byte[len];
        g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
