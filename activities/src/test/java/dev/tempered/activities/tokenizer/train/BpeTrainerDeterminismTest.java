package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The merge list depends on the corpus only: not on threads, runs, or the order of documents. */
class BpeTrainerDeterminismTest {

    @Test
    void sameMergesForAnyThreadCountRunAndDocumentOrder() {
        List<String> documents = SampleText.first(150);
        BpeTrainerConfig config = new BpeTrainerConfig(256 + 10 + 600, SplitPatterns.GPT4, 10, 1);
        List<Merge> reference = new BpeTrainer(config).train(documents).merges();
        assertEquals(600, reference.size());

        for (int threads : new int[] {1, 2, 3, 8}) {
            assertEquals(
                    reference,
                    new BpeTrainer(config.withThreads(threads)).train(documents).merges(),
                    threads + " threads");
        }
        List<String> shuffled = new ArrayList<>(documents);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(
                reference, new BpeTrainer(config.withThreads(2)).train(shuffled).merges(), "shuffled documents");
    }
}
