package dev.tempered.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests as the 64 lower-case hex characters used everywhere in Tempered. */
public final class Digests {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Digests() {}

    /** Returns the digest unchanged, or throws naming the bad value; guards every key derivation. */
    public static String require(String digest) {
        if (digest == null || !SHA256_HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException(
                    "not a sha256 digest (64 lower-case hex characters): '" + abbreviate(digest) + "'");
        }
        return digest;
    }

    public static boolean isDigest(String value) {
        return value != null && SHA256_HEX.matcher(value).matches();
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    public static String hex(MessageDigest finished) {
        return HexFormat.of().formatHex(finished.digest());
    }

    private static String abbreviate(String value) {
        if (value == null) return "null";
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
