package dev.tempered.activities.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a {@link Gpt}: everything needed to rebuild the model from its saved parameters.
 * Saved as JSON beside (and inside) every checkpoint. The defaults are the demo model, small
 * enough to train on two CPU cores in minutes.
 *
 * <p>Not here: optimisation settings (see {@link AdamW.Settings}, {@link LearningRateSchedule}),
 * the tokenizer (only its vocabulary size).
 *
 * @param layers transformer blocks, 1–48; the demo uses 2, as nanoGPT's tiniest configs do
 * @param heads attention heads per block; must divide {@code width}. 4 heads of 32 dims each
 * @param width the residual stream width (nanoGPT's n_embd), 128 by default
 * @param contextLength the longest sequence the model sees (learned positions exist for exactly
 *     this many), 128 tokens by default
 * @param vocabSize rows of the token embedding and of the tied LM head; must equal the tokenizer's
 *     vocabulary size (ids 0..vocabSize-1)
 * @param dropout probability of zeroing an activation in training, 0 ≤ p < 1. 0 by default:
 *     nanoGPT finds no dropout best for pretraining single-epoch data, and 0 keeps steps
 *     reproducible without any random state
 */
public record GptConfig(int layers, int heads, int width, int contextLength, int vocabSize, double dropout) {

    /** The name and version written into the JSON; loading checks them. */
    public static final String FORMAT = "tempered.gpt-config";

    public static final int VERSION = 1;

    public GptConfig {
        require(layers >= 1 && layers <= 48, "layers", layers, "1..48");
        require(heads >= 1, "heads", heads, "≥ 1");
        require(width >= 1 && width % heads == 0, "width", width, "a positive multiple of heads (" + heads + ")");
        require(contextLength >= 1, "contextLength", contextLength, "≥ 1");
        require(vocabSize >= 2, "vocabSize", vocabSize, "≥ 2");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("GptConfig.dropout is " + dropout + "; it must be in [0, 1)");
        }
    }

    /** The demo model for a tokenizer with {@code vocabSize} ids. */
    public static GptConfig demo(int vocabSize) {
        return new GptConfig(2, 4, 128, 128, vocabSize, 0.0);
    }

    public GptConfig withVocabSize(int v) {
        return new GptConfig(layers, heads, width, contextLength, v, dropout);
    }

    /** Dimensions of one attention head. */
    public int headSize() {
        return width / heads;
    }

    /**
     * Trainable parameters, counting the tied embedding once: token and position embeddings, per
     * block two LayerNorms (2C each), the qkv projection (3C² + 3C), the attention output
     * projection (C² + C), the MLP (4C² + 4C and 4C² + C), and the final LayerNorm.
     */
    public long parameterCount() {
        long c = width;
        long block = 2 * (2 * c) + (3 * c * c + 3 * c) + (c * c + c) + (4 * c * c + 4 * c) + (4 * c * c + c);
        return (long) vocabSize * c + (long) contextLength * c + layers * block + 2 * c;
    }

    /** Parameters outside the embeddings: what the 6N FLOPs-per-token estimate counts. */
    public long nonEmbeddingParameterCount() {
        return parameterCount() - (long) vocabSize * width - (long) contextLength * width;
    }

    /**
     * Training FLOPs per token (forward + backward), PaLM's appendix B formula: 6N for the matrices
     * (N = non-embedding parameters plus the LM head, which is a real matmul even when tied) plus
     * 12·L·C·T for attention scores and the weighted sum.
     */
    public double trainingFlopsPerToken() {
        double n = nonEmbeddingParameterCount() + (double) vocabSize * width;
        return 6 * n + 12.0 * layers * width * contextLength;
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("format", FORMAT);
        n.put("version", VERSION);
        n.put("layers", layers);
        n.put("heads", heads);
        n.put("width", width);
        n.put("contextLength", contextLength);
        n.put("vocabSize", vocabSize);
        n.put("dropout", dropout);
        n.put("parameterCount", parameterCount());
        return n;
    }

    /** The JSON saved beside a checkpoint ({@code config.json}). */
    public String toJsonString() {
        ObjectMapper json = new ObjectMapper();
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@link #toJsonString}; {@code source} names the file in errors. */
    public static GptConfig parse(String text, String source) {
        try {
            return fromJson(new ObjectMapper().readTree(text), source);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CheckpointFormatException(
                    source + ": model config is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@link #toJson}; a missing field, another format or another version is an error. */
    public static GptConfig fromJson(JsonNode n, String where) {
        String format = n.path("format").asText("");
        int version = n.path("version").asInt(-1);
        if (!FORMAT.equals(format) || version != VERSION) {
            throw new CheckpointFormatException(where + ": model config is '" + format + " v" + version
                    + "', expected '" + FORMAT + " v" + VERSION + "'");
        }
        try {
            return new GptConfig(
                    field(n, "layers", where).asInt(),
                    field(n, "heads", where).asInt(),
                    field(n, "width", where).asInt(),
                    field(n, "contextLength", where).asInt(),
                    field(n, "vocabSize", where).asInt(),
                    field(n, "dropout", where).asDouble());
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The fields in which {@code other} differs from this config, each as
     * {@code "layers: 2 here, 4 there"}; empty when they describe the same model.
     */
    public List<String> differences(GptConfig other, String here, String there) {
        List<String> out = new ArrayList<>();
        diff(out, "layers", layers, other.layers, here, there);
        diff(out, "heads", heads, other.heads, here, there);
        diff(out, "width", width, other.width, here, there);
        diff(out, "contextLength", contextLength, other.contextLength, here, there);
        diff(out, "vocabSize", vocabSize, other.vocabSize, here, there);
        diff(out, "dropout", dropout, other.dropout, here, there);
        return out;
    }

    private static void diff(List<String> out, String field, Object a, Object b, String here, String there) {
        if (!a.equals(b)) out.add(field + " is " + a + " in the " + here + " but " + b + " in the " + there);
    }

    private static JsonNode field(JsonNode n, String name, String where) {
        JsonNode v = n.get(name);
        if (v == null || !v.isNumber()) {
            throw new CheckpointFormatException(where + ": model config has no numeric field '" + name + "'");
        }
        return v;
    }

    private static void require(boolean ok, String field, int value, String range) {
        if (!ok) throw new IllegalArgumentException("GptConfig." + field + " is " + value + "; it must be " + range);
    }
}
