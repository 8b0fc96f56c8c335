package dev.tempered.activities.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.training.TrainingSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a training run needs to continue exactly, in one file: the model config, the step,
 * the seed, the loader position, every parameter by path, and the optimizer's settings, update
 * count and moments by path. No RNG state is needed: initialisation is done, dropout is reseeded
 * from (seed, step) and the loader's order from (seed, epoch).
 *
 * <h2>Format {@code tempered.checkpoint v1}</h2>
 * <pre>
 *   "tempered.checkpoint v1\n"          23 ASCII bytes
 *   header length H                      8 bytes, little-endian unsigned
 *   header                               H bytes of UTF-8 JSON (below)
 *   tensor data                          dataBytes bytes: float32, little-endian, row-major
 * </pre>
 * The header: {@code format}, {@code version}, {@code step}, {@code seed}, {@code config} (a
 * {@link GptConfig} JSON), {@code loader} {epoch, index}, {@code optimizer} {beta1, beta2,
 * epsilon, weightDecay, step}, {@code tensors}: [{name, shape, offset (in floats)}], the
 * {@code dataBytes} count and {@code dataSha256}. Tensor names are {@code param/<path>},
 * {@code adam.m/<path>} and {@code adam.v/<path>}. Nothing may follow the data. A reader in numpy
 * is twenty lines ({@code bench/model/make_reference.py} has one).
 *
 * <p>Resuming, in this order (parameters are in the model before anything trains it):
 * {@code read} → {@link #requireCompatible} → {@link Gpt#fromValues} → {@link AdamW#restore} →
 * {@code new GptTrainer(..., seed(), step())} → {@link TokenWindows#seek}{@code (loader())}.
 * {@code GptResumeTest} does exactly this and gets bit-identical losses.
 *
 * <p>Optional header fields say what the model is ({@link ModelOrigin}): {@code kind}
 * ({@code base} when absent, {@code chat} after SFT), {@code tokenizer} (the digest of the
 * tokenizer whose ids it was trained on) and {@code render_version} (the {@code ChatRenderer}
 * template version). A base checkpoint writes none of them, so its bytes are those of older builds
 * and older files read as {@code base}.
 *
 * <p>Not here: where the file lives (the stage puts it in the artifact store) and the tokenizer
 * itself (only its vocabulary size, through the config, and for chat models its digest).
 */
public record Checkpoint(
        GptConfig config,
        long step,
        long seed,
        TokenWindows.Position loader,
        Map<String, float[]> parameters,
        AdamW.State optimizer,
        ModelOrigin origin)
        implements TrainingSnapshot {

    public static final String FORMAT = "tempered.checkpoint";
    public static final int VERSION = 1;
    static final String MAGIC = FORMAT + " v" + VERSION + "\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Checkpoint {
        if (origin == null) origin = ModelOrigin.BASE;
    }

    /** A base model's checkpoint (no origin fields in its header). */
    public Checkpoint(
            GptConfig config,
            long step,
            long seed,
            TokenWindows.Position loader,
            Map<String, float[]> parameters,
            AdamW.State optimizer) {
        this(config, step, seed, loader, parameters, optimizer, ModelOrigin.BASE);
    }

    /** A snapshot of a trainer and its loader. */
    public static Checkpoint of(GptTrainer trainer, TokenWindows loader, long seed) {
        return of(trainer, loader.position(), seed, ModelOrigin.BASE);
    }

    /** A snapshot of a trainer whose data source is at {@code loader}, for a model of {@code origin}. */
    public static Checkpoint of(GptTrainer trainer, TokenWindows.Position loader, long seed, ModelOrigin origin) {
        return new Checkpoint(
                trainer.model().config(),
                trainer.step(),
                seed,
                loader,
                trainer.model().values(),
                trainer.optimizer().state(),
                origin);
    }

    /**
     * The first parameter or optimizer moment holding a NaN or an infinity (for example
     * {@code "parameter wte.weight"}), or empty when every value is finite. A checkpoint with such a
     * value cannot continue training, so it must never be published.
     */
    @Override
    public Optional<String> firstNonFinite() {
        for (var group : List.of(
                Map.entry("parameter ", parameters),
                Map.entry("first moment of ", optimizer.firstMoments()),
                Map.entry("second moment of ", optimizer.secondMoments()))) {
            for (Map.Entry<String, float[]> e : group.getValue().entrySet()) {
                for (float x : e.getValue()) {
                    if (!Float.isFinite(x)) return Optional.of(group.getKey() + e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    @Override
    public void write(OutputStream out) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        parameters.forEach((k, v) -> tensors.put("param/" + k, v));
        optimizer.firstMoments().forEach((k, v) -> tensors.put("adam.m/" + k, v));
        optimizer.secondMoments().forEach((k, v) -> tensors.put("adam.v/" + k, v));
        Map<String, ai.djl.ndarray.types.Shape> shapes = Gpt.parameterShapes(config);

        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ArrayNode list = JSON.createArrayNode();
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            String path = e.getKey().substring(e.getKey().indexOf('/') + 1);
            ai.djl.ndarray.types.Shape shape = shapes.get(path);
            if (shape == null || shape.size() != e.getValue().length) {
                throw new IllegalStateException("tensor " + e.getKey() + " does not fit the config " + config);
            }
            ObjectNode t = list.addObject();
            t.put("name", e.getKey());
            ArrayNode dims = t.putArray("shape");
            for (long d : shape.getShape()) dims.add(d);
            t.put("offset", offset);
            ByteBuffer buf = ByteBuffer.allocate(e.getValue().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(e.getValue());
            data.write(buf.array());
            offset += e.getValue().length;
        }
        byte[] bytes = data.toByteArray();

        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", VERSION);
        h.put("step", step);
        h.put("seed", seed);
        origin.writeTo(h);
        h.set("config", config.toJson(JSON));
        ObjectNode l = h.putObject("loader");
        l.put("epoch", loader.epoch());
        l.put("index", loader.index());
        ObjectNode o = h.putObject("optimizer");
        o.put("beta1", optimizer.settings().beta1());
        o.put("beta2", optimizer.settings().beta2());
        o.put("epsilon", optimizer.settings().epsilon());
        o.put("weightDecay", optimizer.settings().weightDecay());
        o.put("step", optimizer.step());
        h.set("tensors", list);
        h.put("dataBytes", bytes.length);
        h.put("dataSha256", sha256(bytes));
        byte[] header = JSON.writeValueAsBytes(h);

        out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length)
                .array());
        out.write(header);
        out.write(bytes);
    }

    public static Checkpoint read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads and verifies a checkpoint: the format line, the header, the data's length and digest,
     * and that the tensors are exactly those of its config. {@code source} names it in errors.
     */
    public static Checkpoint read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length());
        String line = new String(magic, StandardCharsets.US_ASCII);
        if (!line.equals(MAGIC)) {
            if (line.startsWith(FORMAT + " v")) {
                throw new CheckpointFormatException(
                        source + " is " + line.strip().split("\n")[0] + "; this build reads " + FORMAT + " v" + VERSION
                                + " only: convert it or use the build that wrote it");
            }
            throw new CheckpointFormatException(
                    source + " is not a Tempered checkpoint: it does not start with '" + MAGIC.strip() + "'");
        }
        byte[] len = in.readNBytes(8);
        if (len.length < 8) throw truncated(source, "header length", 8, len.length);
        long headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > (64 << 20)) {
            throw new CheckpointFormatException(
                    source + ": header length " + headerLength + " is not plausible; the file is corrupt");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) throw truncated(source, "header", headerLength, headerBytes.length);
        JsonNode h;
        try {
            h = JSON.readTree(headerBytes);
        } catch (IOException e) {
            throw new CheckpointFormatException(
                    source + ": header is not valid JSON ("
                            + e.getMessage().lines().findFirst().orElse("") + "); the file is corrupt",
                    e);
        }
        if (!FORMAT.equals(h.path("format").asText()) || h.path("version").asInt() != VERSION) {
            throw new CheckpointFormatException(
                    source + ": header says " + h.path("format").asText() + " v"
                            + h.path("version").asText() + ", expected " + FORMAT + " v" + VERSION);
        }
        GptConfig config = GptConfig.fromJson(h.path("config"), source);
        long dataBytes = number(h, "dataBytes", source);
        byte[] data = in.readNBytes((int) Math.min(dataBytes, Integer.MAX_VALUE - 8));
        if (data.length < dataBytes) throw truncated(source, "tensor data", dataBytes, data.length);
        if (in.read() != -1) {
            throw new CheckpointFormatException(
                    source + ": bytes follow the " + dataBytes + " bytes of tensor data; the file is corrupt");
        }
        String digest = sha256(data);
        if (!digest.equals(h.path("dataSha256").asText())) {
            throw new CheckpointFormatException(source + ": tensor data has sha256 " + digest + " but the header says "
                    + h.path("dataSha256").asText() + "; the file is corrupt");
        }

        Map<String, ai.djl.ndarray.types.Shape> shapes = Gpt.parameterShapes(config);
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, float[]> params = new LinkedHashMap<>();
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        for (JsonNode t : h.path("tensors")) {
            String name = t.path("name").asText();
            int slash = name.indexOf('/');
            String kind = slash < 0 ? "" : name.substring(0, slash);
            String path = name.substring(slash + 1);
            Map<String, float[]> into = switch (kind) {
                case "param" -> params;
                case "adam.m" -> m;
                case "adam.v" -> v;
                default -> throw new CheckpointFormatException(source + ": unknown tensor " + name);
            };
            ai.djl.ndarray.types.Shape expected = shapes.get(path);
            List<Long> dims = new ArrayList<>();
            t.path("shape").forEach(d -> dims.add(d.asLong()));
            if (expected == null || !dims.equals(toList(expected))) {
                throw new CheckpointFormatException(
                        source + ": tensor " + name + " has shape " + dims + " but its config " + config + " gives "
                                + (expected == null ? "no such parameter" : toList(expected)));
            }
            long offset = t.path("offset").asLong(-1);
            if (offset < 0 || (offset + expected.size()) * 4 > dataBytes) {
                throw new CheckpointFormatException(
                        source + ": tensor " + name + " at float offset " + offset + " runs past the data");
            }
            float[] values = new float[(int) expected.size()];
            buf.position((int) offset * 4);
            buf.asFloatBuffer().get(values);
            into.put(path, values);
        }
        for (String path : shapes.keySet()) {
            if (!params.containsKey(path))
                throw new CheckpointFormatException(source + ": parameter " + path + " is missing");
        }
        JsonNode o = h.path("optimizer");
        AdamW.Settings settings = new AdamW.Settings(
                o.path("beta1").asDouble(),
                o.path("beta2").asDouble(),
                o.path("epsilon").asDouble(),
                o.path("weightDecay").asDouble());
        AdamW.State state = new AdamW.State(settings, number(o, "step", source), m, v);
        TokenWindows.Position loader = new TokenWindows.Position(
                number(h.path("loader"), "epoch", source), number(h.path("loader"), "index", source));
        return new Checkpoint(
                config,
                number(h, "step", source),
                number(h, "seed", source),
                loader,
                params,
                state,
                ModelOrigin.readFrom(h, source));
    }

    /**
     * Refuses a checkpoint that does not fit what the caller is about to build: {@code expected}
     * (every differing field is named) and the tokenizer's vocabulary size.
     */
    public void requireCompatible(GptConfig expected, int tokenizerVocabSize, String source) {
        if (config.vocabSize() != tokenizerVocabSize) {
            throw new CheckpointFormatException(
                    source + " was trained for a vocabulary of " + config.vocabSize() + " tokens but the tokenizer has "
                            + tokenizerVocabSize + "; use the tokenizer it was trained with");
        }
        List<String> diffs = config.differences(expected, "checkpoint", "requested config");
        if (!diffs.isEmpty()) {
            throw new CheckpointFormatException(
                    source + " does not fit the requested model: " + String.join("; ", diffs));
        }
    }

    private static List<Long> toList(ai.djl.ndarray.types.Shape s) {
        List<Long> out = new ArrayList<>();
        for (long d : s.getShape()) out.add(d);
        return out;
    }

    private static long number(JsonNode n, String field, String source) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new CheckpointFormatException(source + ": header has no integer field '" + field + "'");
        }
        return v.asLong();
    }

    private static CheckpointFormatException truncated(String source, String what, long expected, long found) {
        return new CheckpointFormatException(
                source + " is truncated: expected " + expected + " bytes of " + what + ", found " + found);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
