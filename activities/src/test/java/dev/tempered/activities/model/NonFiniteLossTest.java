package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A NaN loss stops training with a clear exception and leaves the model as it was. */
class NonFiniteLossTest {

    @Test
    void nanLossThrowsAndAppliesNoUpdate() {
        GptConfig config = new GptConfig(1, 2, 16, 8, 50, 0.0);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt healthy = Gpt.initialize(config, 3, manager)) {
            Map<String, float[]> values = new LinkedHashMap<>(healthy.values());
            float[] gain = values.get("transformer.ln_f.weight").clone();
            gain[0] = Float.NaN;
            values.put("transformer.ln_f.weight", gain);
            try (Gpt model = Gpt.fromValues(config, values, manager);
                    AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                    GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, 3, 7)) {
                int[] tokens = new int[100];
                for (int i = 0; i < tokens.length; i++) tokens[i] = i % 50;
                TokenWindows loader = new TokenWindows(List.of(tokens), 8, 3);
                var e = assertThrows(NonFiniteLossException.class, () -> trainer.step(List.of(loader.next(2))));
                assertEquals(7, e.step());
                assertTrue(e.getMessage().contains("training diverged at step 7: loss is NaN"), e.getMessage());
                assertTrue(e.getMessage().contains("not applied"), e.getMessage());
                assertEquals(7, trainer.step(), "no step was counted");
                assertEquals(0, opt.step(), "no optimizer update happened");
                Map<String, float[]> after = model.values();
                for (String k : values.keySet()) {
                    assertTrue(Arrays.equals(values.get(k), after.get(k)), "parameter " + k + " changed");
                }
            }
        }
    }
}
