package dev.tempered.activities.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a {@link TokenizerSpec} as two files side by side.
 *
 * <p><b>{@code NAME.tiktoken}</b>, tiktoken's rank format, byte for byte what
 * {@code tiktoken.load.load_tiktoken_bpe} reads: one line per mergeable token,
 * {@code base64(token bytes) SP rank LF}, standard base64 with padding, rank in decimal, in rank
 * order. Ranks run {@code 0 .. n-1} without gaps or repeats; every line, the last included, ends in
 * LF. The rank is the token id.
 *
 * <p><b>{@code NAME.json}</b>, the sidecar:
 * <pre>
 * {
 *   "format": "tempered.tokenizer/v1",
 *   "pattern": "'(?i:[sdmt]|ll|ve|re)|...",      pre-tokenizer, tiktoken (Rust regex) syntax
 *   "special_tokens": {"&lt;|bos|&gt;": 100256, ...},  text to id, ids at least n, in id order
 *   "vocab_size": 100266                          largest id + 1
 * }
 * </pre>
 * Loading checks the format name and version, that {@code vocab_size} agrees with the ranks and
 * specials, and every rule above; each failure is a {@link TokenizerFormatException} naming the file
 * and line. Unknown sidecar fields are an error too, so that a newer writer's meaning is not
 * silently dropped.
 *
 * <p>Not handled: rank files with blank lines or CRLF line ends (tiktoken skips blank lines; these
 * files are written by programs, so a blank line means damage), and ranks above 2^31-1.
 */
public final class TokenizerFiles {
    public static final String FORMAT_NAME = "tempered.tokenizer";
    public static final String FORMAT_VERSION = "v1";
    public static final String FORMAT = FORMAT_NAME + "/" + FORMAT_VERSION;
    static final String RANKS_SUFFIX = ".tiktoken";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFiles() {}

    /** The sidecar beside a rank file: {@code x.tiktoken} → {@code x.json}. */
    public static Path sidecarOf(Path ranksFile) {
        String name = ranksFile.getFileName().toString();
        if (!name.endsWith(RANKS_SUFFIX)) {
            throw new IllegalArgumentException("rank file name must end in " + RANKS_SUFFIX + ": " + ranksFile);
        }
        return ranksFile.resolveSibling(name.substring(0, name.length() - RANKS_SUFFIX.length()) + ".json");
    }

    /** Writes {@code ranksFile} and its sidecar, each through a temporary file renamed into place. */
    public static void write(Path ranksFile, TokenizerSpec spec) throws IOException {
        Path sidecar = sidecarOf(ranksFile);
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder ranks = new StringBuilder(spec.tokensByRank().size() * 16);
        int rank = 0;
        for (byte[] token : spec.tokensByRank()) {
            ranks.append(b64.encodeToString(token)).append(' ').append(rank++).append('\n');
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("pattern", spec.pattern());
        ObjectNode specials = root.putObject("special_tokens");
        spec.specialTokens().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> specials.put(e.getKey(), e.getValue()));
        root.put("vocab_size", spec.vocabSize());
        writeAtomically(ranksFile, ranks.toString().getBytes(StandardCharsets.US_ASCII));
        writeAtomically(sidecar, (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@code ranksFile} and its sidecar. */
    public static TokenizerSpec read(Path ranksFile) throws IOException {
        List<byte[]> ranks = readRanks(Files.readAllBytes(ranksFile), ranksFile.toString());
        Path sidecar = sidecarOf(ranksFile);
        String where = sidecar.toString();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(sidecar));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new TokenizerFormatException(where, line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new TokenizerFormatException(where, 0, "not a JSON object");
        String format = text(root, "format", where);
        int slash = format.lastIndexOf('/');
        String name = slash < 0 ? format : format.substring(0, slash);
        if (!name.equals(FORMAT_NAME)) {
            throw new TokenizerFormatException(
                    where,
                    0,
                    "format is \"" + format + "\", not a " + FORMAT_NAME + " sidecar (expected \"" + FORMAT + "\")");
        }
        if (!format.equals(FORMAT)) {
            throw new TokenizerFormatException(
                    where,
                    0,
                    "format version \"" + format.substring(slash + 1) + "\" is not supported; this reader knows "
                            + FORMAT);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!List.of("format", "pattern", "special_tokens", "vocab_size").contains(field)) {
                throw new TokenizerFormatException(where, 0, "unknown field \"" + field + "\" for " + FORMAT);
            }
        }
        String pattern = text(root, "pattern", where);
        JsonNode specialsNode = root.get("special_tokens");
        if (specialsNode == null || !specialsNode.isObject()) {
            throw new TokenizerFormatException(where, 0, "\"special_tokens\" must be an object of token text to id");
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (var it = specialsNode.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().canConvertToInt()
                    || !e.getValue().isIntegralNumber()
                    || e.getValue().intValue() < 0) {
                throw new TokenizerFormatException(
                        where,
                        0,
                        "special token " + e.getKey() + " has id " + e.getValue() + ", not a non-negative integer");
            }
            specials.put(e.getKey(), e.getValue().intValue());
        }
        JsonNode size = root.get("vocab_size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToInt()) {
            throw new TokenizerFormatException(where, 0, "\"vocab_size\" must be an integer");
        }
        TokenizerSpec spec;
        try {
            spec = new TokenizerSpec(pattern, ranks, specials);
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(where, 0, e.getMessage());
        }
        if (spec.vocabSize() != size.intValue()) {
            throw new TokenizerFormatException(
                    where,
                    0,
                    "vocab_size is " + size.intValue() + " but "
                            + ranksFile.getFileName() + " has " + ranks.size()
                            + " ranks and the largest special id gives "
                            + spec.vocabSize());
        }
        return spec;
    }

    /** Reads a tiktoken rank file alone (cl100k_base.tiktoken, say): token bytes by rank. */
    public static List<byte[]> readRanks(InputStream in, String source) throws IOException {
        return readRanks(in.readAllBytes(), source);
    }

    static List<byte[]> readRanks(byte[] data, String file) throws TokenizerFormatException {
        if (data.length == 0) throw new TokenizerFormatException(file, 0, "empty rank file");
        Base64.Decoder b64 = Base64.getDecoder();
        List<byte[]> byRank = new ArrayList<>();
        List<Integer> lineOfRank = new ArrayList<>();
        Map<ByteBuffer, Integer> lineOfToken = new HashMap<>();
        int line = 0;
        for (int at = 0; at < data.length; ) {
            line++;
            int nl = indexOf(data, (byte) '\n', at);
            if (nl < 0) {
                throw new TokenizerFormatException(
                        file,
                        line,
                        "file ends inside this line (no final newline):" + " truncated? the line reads \""
                                + ascii(data, at, data.length) + "\"");
            }
            int sp = indexOf(data, (byte) ' ', at);
            if (nl == at) throw new TokenizerFormatException(file, line, "blank line");
            if (sp < 0 || sp > nl) {
                throw new TokenizerFormatException(
                        file, line, "expected \"base64 rank\", got \"" + ascii(data, at, nl) + "\"");
            }
            String token = new String(data, at, sp - at, StandardCharsets.ISO_8859_1);
            String rankText = new String(data, sp + 1, nl - sp - 1, StandardCharsets.ISO_8859_1);
            byte[] bytes;
            try {
                if (token.isEmpty() || token.length() % 4 != 0)
                    throw new IllegalArgumentException(
                            "length " + token.length() + " is not a positive multiple of 4 (cut short?)");
                bytes = b64.decode(token);
            } catch (IllegalArgumentException e) {
                throw new TokenizerFormatException(file, line, "corrupt base64 \"" + token + "\": " + e.getMessage());
            }
            if (rankText.isEmpty()
                    || rankText.length() > 10
                    || !rankText.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Long.parseLong(rankText) > Integer.MAX_VALUE) {
                throw new TokenizerFormatException(
                        file, line, "rank \"" + rankText + "\" is not a decimal integer in 0.." + Integer.MAX_VALUE);
            }
            int rank = Integer.parseInt(rankText);
            while (byRank.size() <= rank) {
                if (byRank.size() > data.length) break;
                byRank.add(null);
                lineOfRank.add(0);
            }
            if (rank >= byRank.size()) {
                throw new TokenizerFormatException(file, line, "rank " + rank + " is larger than the file has lines");
            }
            if (byRank.get(rank) != null) {
                throw new TokenizerFormatException(
                        file, line, "duplicate rank " + rank + ", first given on line " + lineOfRank.get(rank));
            }
            Integer previous = lineOfToken.putIfAbsent(ByteBuffer.wrap(bytes), line);
            if (previous != null) {
                throw new TokenizerFormatException(file, line, "token " + token + " repeats line " + previous);
            }
            byRank.set(rank, bytes);
            lineOfRank.set(rank, line);
            at = nl + 1;
        }
        for (int rank = 0; rank < byRank.size(); rank++) {
            if (byRank.get(rank) == null) {
                throw new TokenizerFormatException(
                        file,
                        0,
                        "rank " + rank + " is missing: ranks must run 0.."
                                + (byRank.size() - 1) + " without gaps (rank " + (byRank.size() - 1) + " is on line "
                                + lineOfRank.get(byRank.size() - 1) + ")");
            }
        }
        return byRank;
    }

    private static String text(JsonNode root, String field, String where) throws TokenizerFormatException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new TokenizerFormatException(where, 0, "\"" + field + "\" is missing or not a string");
        }
        return node.textValue();
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) if (data[i] == b) return i;
        return -1;
    }

    private static String ascii(byte[] data, int from, int to) {
        String s = new String(data, from, Math.min(to - from, 80), StandardCharsets.ISO_8859_1);
        return to - from > 80 ? s + "..." : s;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @SuppressWarnings("unused")
    private static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
