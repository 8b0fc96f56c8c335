package dev.tempered.activities.curation.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A supervised fastText classifier read from fastText's binary format ({@code .bin} or quantized
 * {@code .ftz}, format version 12), predicting exactly what the official Python bindings'
 * {@code model.predict(line, k, threshold)} returns.
 *
 * <p>File layout, all little-endian: magic {@code int32 793712314}, version {@code int32 12};
 * {@link FastTextArgs}; the {@link FastTextDictionary}; a {@code bool} quant flag and the input
 * matrix; a {@code bool} qout flag and the output matrix ({@link FastTextMatrix}).
 *
 * <p>Prediction: the input rows of the line's words, character n-grams and word n-grams are
 * averaged into a {@code dim}-vector, then the hierarchical softmax tree is searched for the
 * top k labels. Instances are immutable and thread-safe; per-thread scratch buffers mean a
 * prediction allocates only the UTF-8 bytes of its text and the returned list.
 *
 * <p>Not handled: unsupervised (cbow/skipgram) models, and the softmax, one-vs-all and negative
 * sampling losses (lid.176 uses hierarchical softmax); those are refused at load with the loss
 * named. Version 11 files are refused too. No training, no {@code get_sentence_vector}.
 */
public final class FastTextModel {
    public static final int MAGIC = 793712314;
    public static final int VERSION = 12;
    /** Python's {@code k=-1}: every label above the threshold. */
    public static final int ALL_LABELS = -1;

    private final FastTextArgs args;
    private final FastTextDictionary dict;
    private final FastTextMatrix input;
    private final HierarchicalSoftmax hs;
    private final String[] labels;
    private final ThreadLocal<Scratch> scratch;

    private FastTextModel(FastTextArgs args, FastTextDictionary dict, FastTextMatrix input, FastTextMatrix output) {
        this.args = args;
        this.dict = dict;
        this.input = input;
        this.hs = new HierarchicalSoftmax(dict.labelCounts(), output);
        this.labels = new String[dict.nlabels];
        for (int i = 0; i < labels.length; i++) labels[i] = dict.label(i);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(args.dim()));
    }

    public static FastTextModel load(Path file) throws IOException {
        try {
            return read(Files.readAllBytes(file));
        } catch (ModelFormatException e) {
            throw e.in(file.toString());
        }
    }

    /** Parses a whole model file held in memory. */
    public static FastTextModel read(byte[] bytes) {
        ModelReader in = new ModelReader(bytes);
        int magic = in.readInt("magic");
        if (magic != MAGIC) {
            throw new ModelFormatException("not a fastText model: magic is " + magic + ", expected " + MAGIC, 0);
        }
        int version = in.readInt("version");
        if (version != VERSION) {
            throw new ModelFormatException(
                    "fastText format version " + version + " is not supported, only " + VERSION
                            + " (re-save the model with fastText 0.9 or later)",
                    4);
        }
        int argsAt = in.position();
        FastTextArgs args = FastTextArgs.read(in);
        if (args.model() != FastTextArgs.MODEL_SUPERVISED) {
            throw new ModelFormatException(
                    "args.model is " + args.model() + "; only supervised models (3) predict labels", argsAt + 28);
        }
        if (args.loss() != FastTextArgs.LOSS_HS) {
            throw new ModelFormatException(
                    "args.loss is " + args.loss() + "; this reader implements only hierarchical"
                            + " softmax (1), the loss of lid.176",
                    argsAt + 24);
        }
        FastTextDictionary dict = FastTextDictionary.read(in, args);
        boolean quantInput = in.readBool("quant_input");
        int inputAt = in.position();
        FastTextMatrix input = FastTextMatrix.readInput(in, quantInput, "input");
        if (input.cols != args.dim() || input.rows != dict.inputRows()) {
            throw new ModelFormatException(
                    "input matrix is " + input.rows + " x " + input.cols + ", expected " + dict.inputRows() + " x "
                            + args.dim() + " from the dictionary and args.dim",
                    inputAt);
        }
        if (!quantInput && dict.inputRows() != dict.nwords + (long) args.bucket()) {
            throw new ModelFormatException(
                    "an unquantized model with a pruned dictionary is invalid"
                            + " (fastText issue #332: download the updated model)",
                    inputAt);
        }
        boolean qout = in.readBool("qout");
        int outputAt = in.position();
        FastTextMatrix output = FastTextMatrix.readOutput(in, quantInput && qout, "output");
        if (output.cols != args.dim()) {
            throw new ModelFormatException(
                    "output matrix has " + output.cols + " columns, expected args.dim " + args.dim(), outputAt);
        }
        if (output.rows < dict.nlabels - 1) {
            throw new ModelFormatException(
                    "output matrix has " + output.rows + " rows, hierarchical softmax over " + dict.nlabels
                            + " labels needs " + (dict.nlabels - 1),
                    outputAt);
        }
        if (in.remaining() != 0) {
            throw new ModelFormatException(in.remaining() + " unexpected bytes after the output matrix", in.position());
        }
        return new FastTextModel(args, dict, input, output);
    }

    public FastTextArgs args() {
        return args;
    }

    /** Labels without the {@code __label__} prefix, in dictionary order (most frequent first). */
    public List<String> labels() {
        return List.of(labels);
    }

    /** Python's {@code model.predict(line, k)}: threshold 0. */
    public List<Prediction> predict(String line, int k) {
        return predict(line, k, 0f);
    }

    /**
     * Python's {@code model.predict(line, k, threshold)}: the best {@code k} labels (or
     * {@link #ALL_LABELS}) scoring at least {@code threshold}, best first. Like Python, a line
     * must not contain {@code '\n'}: replace newlines first (a document is one line to fastText).
     * An empty list means fastText returns no labels (nothing but labels in the line).
     */
    public List<Prediction> predict(String line, int k, float threshold) {
        Scratch s = scratch.get();
        int n = search(line, k, threshold, s);
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Prediction(labels[s.heap.id(i)], probability(s.heap.score(i))));
        return out;
    }

    /** The single best label, or null when there is none; cheaper than {@code predict(line, 1)}. */
    public Prediction predictTop(String line) {
        Scratch s = scratch.get();
        int n = search(line, 1, 0f, s);
        return n == 0 ? null : new Prediction(labels[s.heap.id(0)], probability(s.heap.score(0)));
    }

    private int search(String line, int k, float threshold, Scratch s) {
        if (k != ALL_LABELS && k <= 0)
            throw new IllegalArgumentException("k must be 1 or higher, or ALL_LABELS; got " + k);
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("predict takes one line; replace '\\n' in the text first");
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        dict.lineIds(bytes, bytes.length, s.ids, s.hashes);
        if (s.ids.size == 0) return 0;
        float[] hidden = s.hidden;
        java.util.Arrays.fill(hidden, 0f);
        int[] ids = s.ids.items;
        for (int i = 0, n = s.ids.size; i < n; i++) input.addRowTo(hidden, ids[i]);
        float scale = (float) (1.0 / s.ids.size); // fastText passes 1.0/n as a float
        for (int j = 0; j < hidden.length; j++) hidden[j] *= scale;
        return hs.predict(hidden, k == ALL_LABELS ? labels.length : k, threshold, s.heap);
    }

    /** fastText returns {@code std::exp} of the float score, itself a float. */
    private static double probability(float score) {
        return (float) Math.exp(score);
    }

    /** Reusable per-thread buffers; nothing here outlives one prediction. */
    private static final class Scratch {
        final IntList ids = new IntList();
        final IntList hashes = new IntList();
        final float[] hidden;
        final TopK heap = new TopK();

        Scratch(int dim) {
            hidden = new float[dim];
        }
    }
}
