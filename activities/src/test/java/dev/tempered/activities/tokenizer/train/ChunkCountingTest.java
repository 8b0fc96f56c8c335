package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChunkCountingTest {
    private static final Pattern GPT4 = SplitPatterns.compile(SplitPatterns.GPT4);

    @Test
    void countsEveryChunkOfEveryDocumentAndNeverJoinsDocuments() {
        ChunkCounter counter =
                ChunkCounting.count(List.of("the cat", "the cat sat", "cat").iterator(), GPT4, 3);
        Map<String, Long> counts = new TreeMap<>();
        counter.forEach(counts::put);
        // "cat" opens the third document, so it has no leading space there.
        assertEquals(Map.of("the", 2L, " cat", 2L, " sat", 1L, "cat", 1L), counts);
        assertEquals(6, counter.total());
        assertEquals(4, counter.size());
    }

    @Test
    void manyBlocksAndThreadsGiveTheSameCountsAsOneThread() {
        ChunkCounter one = ChunkCounting.count(SampleText.pages().iterator(), GPT4, 1);
        ChunkCounter four = ChunkCounting.count(SampleText.pages().iterator(), GPT4, 4);
        Map<String, Long> a = new TreeMap<>();
        Map<String, Long> b = new TreeMap<>();
        one.forEach(a::put);
        four.forEach(b::put);
        assertEquals(a, b);
        assertEquals(one.total(), four.total());
    }

    @Test
    void aFailingDocumentSourceFailsTheRunAndReleasesTheWorkers() throws InterruptedException {
        Iterator<String> failing = new Iterator<>() {
            int served;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (served++ == 3) throw new IllegalStateException("disk gone at document 3");
                return "x".repeat(ChunkCounting.BLOCK_CHARS);
            }
        };
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ChunkCounting.count(failing, GPT4, 2));
        assertEquals("disk gone at document 3", e.getMessage());
        Thread.sleep(50);
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("bpe-chunk-count-")),
                "a counting thread is still alive");
    }
}
