package dev.tempered.activities.curation.extract;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how to decode the bytes of one HTML page, roughly in the order the WHATWG encoding
 * sniffing algorithm uses: byte order mark, the charset from the HTTP {@code Content-Type}
 * header, a {@code <meta charset>} or {@code <meta http-equiv="Content-Type">} in the first
 * bytes, and finally the bytes themselves. Two checks on top of the declarations catch the
 * common lies of old pages: bytes that are valid multi-byte UTF-8 under a single-byte label are
 * read as UTF-8, and bytes that are not UTF-8 under a UTF-8 label are read as the meta's
 * charset or windows-1252.
 *
 * <p>Bodies that are not text (a NUL byte, a known image/archive signature, or too many control
 * bytes) are reported as binary and not decoded. Not handled: statistical detection of legacy
 * CJK or Cyrillic encodings on pages that declare nothing (they fall back to windows-1252), and
 * UTF-16 without a byte order mark (reported as binary because of its NUL bytes).
 */
public final class CharsetDetector {
    /** HTML's meta prescan looks at 1024 bytes; mails put their meta after a header block, so more. */
    public static final int DEFAULT_PRESCAN_BYTES = 4096;
    /** Bytes examined for NULs and control characters; enough to see past any header. */
    public static final int DEFAULT_BINARY_SAMPLE_BYTES = 8192;
    /** Text has almost no C0 control bytes besides tab/CR/LF/FF; binary has ~12% at random. */
    public static final double DEFAULT_MAX_CONTROL_RATIO = 0.05;
    /**
     * Share of non-ASCII sequences that may be malformed before a UTF-8 label is called a lie:
     * a long UTF-8 page with one stray Latin-1 byte is still UTF-8.
     */
    public static final double DEFAULT_UTF8_ERROR_TOLERANCE = 0.02;

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /**
     * Labels that browsers read as another charset (WHATWG encoding standard), plus a few that
     * old mail clients wrote and Java does not know.
     */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("iso-8859-1", "windows-1252"),
            Map.entry("iso8859-1", "windows-1252"),
            Map.entry("latin1", "windows-1252"),
            Map.entry("l1", "windows-1252"),
            Map.entry("us-ascii", "windows-1252"),
            Map.entry("ascii", "windows-1252"),
            Map.entry("iso-8859-9", "windows-1254"),
            Map.entry("latin5", "windows-1254"),
            Map.entry("iso-8859-11", "x-windows-874"),
            Map.entry("tis-620", "x-windows-874"),
            Map.entry("windows-874", "x-windows-874"),
            Map.entry("gb2312", "GBK"),
            Map.entry("gb_2312-80", "GBK"),
            Map.entry("x-gbk", "GBK"),
            Map.entry("chinesebig5", "Big5"),
            Map.entry("big5", "Big5"),
            Map.entry("x-x-big5", "Big5"),
            Map.entry("euc-kr", "x-windows-949"),
            Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("ks_c_5601-1989", "x-windows-949"),
            Map.entry("korean", "x-windows-949"),
            Map.entry("x-sjis", "Shift_JIS"),
            Map.entry("sjis", "Shift_JIS"),
            Map.entry("utf8", "UTF-8"),
            Map.entry("unicode-1-1-utf-8", "UTF-8"));

    /**
     * Labels that name no charset. Java knows "default" as an alias of US-ASCII, but mail
     * clients that wrote it meant "whatever my locale is", which we cannot know.
     */
    private static final Set<String> NOT_A_CHARSET = Set.of(
            "default",
            "default_charset",
            "none",
            "unknown",
            "auto",
            "_autodetect",
            "_autodetect_all",
            "x-user-defined");

    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta\\b[^>]*?\\bcharset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_:.()+-]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_CHARSET =
            Pattern.compile("charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_:.()+-]+)", Pattern.CASE_INSENSITIVE);

    private final int prescanBytes;
    private final int binarySampleBytes;
    private final double maxControlRatio;
    private final double utf8ErrorTolerance;

    public CharsetDetector(int prescanBytes, int binarySampleBytes, double maxControlRatio, double utf8ErrorTolerance) {
        if (prescanBytes < 64) throw new IllegalArgumentException("prescanBytes must be >= 64, got " + prescanBytes);
        if (binarySampleBytes < 64)
            throw new IllegalArgumentException("binarySampleBytes must be >= 64, got " + binarySampleBytes);
        this.prescanBytes = prescanBytes;
        this.binarySampleBytes = binarySampleBytes;
        this.maxControlRatio = maxControlRatio;
        this.utf8ErrorTolerance = utf8ErrorTolerance;
    }

    public CharsetDetector() {
        this(
                DEFAULT_PRESCAN_BYTES,
                DEFAULT_BINARY_SAMPLE_BYTES,
                DEFAULT_MAX_CONTROL_RATIO,
                DEFAULT_UTF8_ERROR_TOLERANCE);
    }

    /**
     * @param body the page bytes as served
     * @param declared the HTTP {@code Content-Type} value or a bare charset label; null if none
     */
    public CharsetDecision detect(byte[] body, String declared) {
        Charset bom = bomCharset(body);
        if (bom != null) {
            String label = declaredLabel(declared, body);
            return new CharsetDecision(bom, "bom", label, label != null && !sameAs(label, bom), null, null);
        }
        String binary = binaryReason(body);
        if (binary != null) return new CharsetDecision(null, "binary", null, false, null, binary);

        Utf8Check utf8 = Utf8Check.of(body, utf8ErrorTolerance);
        StringBuilder notes = new StringBuilder();
        String headerLabel = headerLabel(declared);
        String metaLabel = metaLabel(body);
        String firstLabel = headerLabel != null ? headerLabel : metaLabel;

        for (String[] candidate : new String[][] {{headerLabel, "declared"}, {metaLabel, "meta"}}) {
            String label = candidate[0];
            if (label == null) continue;
            Charset cs = resolve(label);
            if (cs == null) {
                note(notes, "unsupported charset '" + label + "' in " + candidate[1]);
                continue;
            }
            if (cs.name().startsWith("UTF-16") || cs.name().startsWith("UTF-32")) {
                // Without a BOM and without NUL bytes the page cannot be UTF-16; WHATWG reads it as UTF-8.
                note(notes, candidate[1] + " '" + label + "' but the bytes have no NULs");
                continue;
            }
            if (cs.equals(StandardCharsets.UTF_8) && !utf8.valid()) {
                note(notes, candidate[1] + " utf-8 but " + utf8.malformed() + " malformed byte sequences");
                continue;
            }
            if (utf8.valid() && utf8.multiByte() > 0 && isSingleByte(cs)) {
                // Valid multi-byte UTF-8 is very unlikely by chance in a single-byte encoding.
                note(notes, candidate[1] + " '" + label + "' but bytes are valid UTF-8");
                return decision(StandardCharsets.UTF_8, "sniffed", firstLabel, notes);
            }
            return decision(cs, candidate[1], firstLabel, notes);
        }
        if (utf8.valid()) return decision(StandardCharsets.UTF_8, "sniffed", firstLabel, notes);
        return decision(WINDOWS_1252, "fallback", firstLabel, notes);
    }

    private static CharsetDecision decision(Charset cs, String source, String firstLabel, StringBuilder notes) {
        boolean disagrees = firstLabel != null && !sameAs(firstLabel, cs);
        return new CharsetDecision(
                cs, source, firstLabel, disagrees, notes.length() == 0 ? null : notes.toString(), null);
    }

    private static void note(StringBuilder notes, String text) {
        if (notes.length() > 0) notes.append("; ");
        notes.append(text);
    }

    /** The Java charset a label means to a browser, or null if unknown or unsupported. */
    static Charset resolve(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        if (NOT_A_CHARSET.contains(key)) return null;
        String name = ALIASES.getOrDefault(key, key);
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static boolean sameAs(String label, Charset cs) {
        Charset resolved = resolve(label);
        return resolved != null && resolved.equals(cs);
    }

    private static boolean isSingleByte(Charset cs) {
        // Every charset that maps one byte to one char encodes a single char in one byte.
        return cs.newEncoder().maxBytesPerChar() == 1.0f;
    }

    private static Charset bomCharset(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF)
            return StandardCharsets.UTF_8;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) return StandardCharsets.UTF_16BE;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) return StandardCharsets.UTF_16LE;
        return null;
    }

    private String declaredLabel(String declared, byte[] body) {
        String header = headerLabel(declared);
        return header != null ? header : metaLabel(body);
    }

    /** The charset in a Content-Type value, or the value itself when it is a bare label. */
    static String headerLabel(String declared) {
        if (declared == null || declared.isBlank()) return null;
        Matcher m = HEADER_CHARSET.matcher(declared);
        if (m.find()) return m.group(1);
        String bare = declared.trim();
        return bare.contains("/") || bare.contains(";") ? null : bare;
    }

    private String metaLabel(byte[] body) {
        // ISO-8859-1 maps bytes 1:1 to chars, so the ASCII markup is found whatever the charset.
        String head = new String(body, 0, Math.min(body.length, prescanBytes), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    private String binaryReason(byte[] body) {
        String magic = magicSignature(body);
        if (magic != null) return magic + " signature at offset 0";
        int n = Math.min(body.length, binarySampleBytes);
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = body[i] & 0xFF;
            if (b == 0) return "NUL byte at offset " + i;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B) control++;
        }
        if (n > 0 && control > maxControlRatio * n) {
            return String.format(
                    Locale.ROOT, "%d control bytes in the first %d (limit %.0f%%)", control, n, maxControlRatio * 100);
        }
        return null;
    }

    private static String magicSignature(byte[] b) {
        if (startsWith(b, 0x89, 'P', 'N', 'G')) return "PNG";
        if (startsWith(b, 'G', 'I', 'F', '8')) return "GIF";
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) return "JPEG";
        if (startsWith(b, '%', 'P', 'D', 'F')) return "PDF";
        if (startsWith(b, 'P', 'K', 3, 4)) return "ZIP";
        if (startsWith(b, 0x1F, 0x8B)) return "gzip";
        return null;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
        return true;
    }

    /** Counts of well-formed multi-byte UTF-8 sequences and malformed ones, in one pass. */
    record Utf8Check(int multiByte, int malformed, boolean valid) {
        static Utf8Check of(byte[] b, double tolerance) {
            int multi = 0;
            int bad = 0;
            int i = 0;
            while (i < b.length) {
                int c = b[i] & 0xFF;
                if (c < 0x80) {
                    i++;
                    continue;
                }
                int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
                if (len == 0 || i + len > b.length || !continuation(b, i, len)) {
                    bad++;
                    i++;
                    continue;
                }
                multi++;
                i += len;
            }
            boolean valid = bad == 0 || bad <= tolerance * (multi + bad);
            return new Utf8Check(multi, bad, valid);
        }

        private static boolean continuation(byte[] b, int start, int len) {
            for (int k = 1; k < len; k++) if ((b[start + k] & 0xC0) != 0x80) return false;
            int c0 = b[start] & 0xFF;
            int c1 = b[start + 1] & 0xFF;
            // Overlong three/four-byte forms, UTF-16 surrogates and code points above U+10FFFF.
            if (c0 == 0xE0 && c1 < 0xA0) return false;
            if (c0 == 0xED && c1 > 0x9F) return false;
            if (c0 == 0xF0 && c1 < 0x90) return false;
            return !(c0 == 0xF4 && c1 > 0x8F);
        }
    }
}
