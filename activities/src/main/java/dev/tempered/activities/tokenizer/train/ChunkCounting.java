package dev.tempered.activities.tokenizer.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first phase of training: pre-splits every document with the split pattern and counts each
 * distinct chunk, in parallel. The caller's thread groups documents into blocks of about
 * {@link #BLOCK_CHARS} characters and queues them; each worker regex-splits whole blocks into its
 * own {@link ChunkCounter}; the counters are summed at the end. Counts are sums, so the result does
 * not depend on the number of threads or on which thread took which block.
 *
 * <p>Not handled: splitting inside one document. A document is the unit of work (a match may
 * span any position of it, so it cannot be cut safely without the pattern's help); one huge
 * document is split by one thread. Documents are never joined: no chunk spans two documents.
 */
final class ChunkCounting {
    /** Characters per block: large enough that queueing costs nothing, small enough to balance. */
    static final int BLOCK_CHARS = 1 << 20;

    private static final List<String> END = List.of();

    private ChunkCounting() {}

    /** Splits and counts every document; {@code threads} workers, the caller feeds them. */
    static ChunkCounter count(Iterator<? extends CharSequence> documents, Pattern pattern, int threads) {
        // Two blocks waiting per worker keep every worker busy while bounding memory to a few MB.
        BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(2 * threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<ChunkCounter> counters = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ChunkCounter counter = new ChunkCounter();
            counters.add(counter);
            Thread worker =
                    new Thread(() -> work(queue, pattern.matcher(""), counter, failure), "bpe-chunk-count-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            try {
                List<String> block = new ArrayList<>();
                long blockChars = 0;
                while (documents.hasNext() && failure.get() == null) {
                    String document = documents.next().toString();
                    block.add(document);
                    blockChars += document.length();
                    if (blockChars >= BLOCK_CHARS) {
                        queue.put(block);
                        block = new ArrayList<>();
                        blockChars = 0;
                    }
                }
                if (!block.isEmpty()) queue.put(block);
            } finally {
                // Also when the caller's iterator throws: every worker must get its end marker,
                // or it waits on the queue forever.
                for (int t = 0; t < threads; t++) queue.put(END);
                for (Thread worker : workers) worker.join();
            }
        } catch (InterruptedException e) {
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting chunks", e);
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a chunk-counting thread failed: " + failed, failed);
        }
        ChunkCounter total = counters.get(0);
        for (int t = 1; t < counters.size(); t++) total.addAll(counters.get(t));
        return total;
    }

    private static void work(
            BlockingQueue<List<String>> queue,
            Matcher matcher,
            ChunkCounter counter,
            AtomicReference<Throwable> failure) {
        try {
            while (true) {
                List<String> block = queue.take();
                if (block == END) return;
                if (failure.get() != null) continue;
                for (String document : block) {
                    matcher.reset(document);
                    while (matcher.find()) {
                        // A user pattern may match the empty string; an empty chunk has no pairs.
                        if (matcher.end() > matcher.start()) counter.add(document, matcher.start(), matcher.end());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // Keep draining the queue so that the feeding thread never blocks on a dead worker.
            failure.compareAndSet(null, e);
            drain(queue);
        }
    }

    private static void drain(BlockingQueue<List<String>> queue) {
        try {
            while (queue.take() != END) {
                // Discard: the run has failed.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
