package dev.tempered.web;

import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * First come, first served, one generation at a time: a model on the CPU runs one prompt at full
 * speed, and several at once would each crawl. At most {@code maxWaiting} requests wait behind the
 * running one; the next gets 429 rather than a wait of unknown length. A waiter hears how many
 * are ahead of it each time that number changes, so the page can say "2 ahead of you".
 *
 * <pre>{@code
 * GenerationQueue.Place place = queue.enter();      // 429 when full
 * try {
 *     place.awaitTurn(ahead -> events.send("queued", Map.of("ahead", ahead)));
 *     ... generate ...
 * } finally {
 *     place.leave();
 * }
 * }</pre>
 */
final class GenerationQueue {
    static final int DEFAULT_MAX_WAITING = 8;

    private final int maxWaiting;
    private final List<Place> line = new ArrayList<>(); // guarded by this; index 0 is generating

    GenerationQueue(int maxWaiting) {
        if (maxWaiting < 0) throw new IllegalArgumentException("maxWaiting must be 0 or more, got " + maxWaiting);
        this.maxWaiting = maxWaiting;
    }

    /** Joins the end of the line. */
    synchronized Place enter() {
        if (line.size() > maxWaiting) {
            throw new HttpResponseException(
                    429,
                    "the playground is busy: one prompt is generating and " + (line.size() - 1)
                            + " are waiting, the most it queues; try again in a moment");
        }
        Place p = new Place();
        line.add(p);
        return p;
    }

    /** How many requests are in line, the generating one included. */
    synchronized int size() {
        return line.size();
    }

    final class Place {
        /**
         * Blocks until this place is first in line, telling {@code ahead} the number in front of
         * it first and whenever it drops. Returns at once, without a call, when nobody is ahead.
         */
        void awaitTurn(IntConsumer ahead) throws InterruptedException {
            int told = -1;
            while (true) {
                int n;
                synchronized (GenerationQueue.this) {
                    n = line.indexOf(this);
                    if (n < 0) throw new IllegalStateException("this request already left the generation queue");
                    if (n == 0) return;
                    if (n == told) {
                        GenerationQueue.this.wait();
                        continue;
                    }
                }
                // Told outside the lock: the client's connection may be slow.
                ahead.accept(n);
                told = n;
            }
        }

        /** Leaves the line, from the front when done or from anywhere when the client gave up. */
        void leave() {
            synchronized (GenerationQueue.this) {
                line.remove(this);
                GenerationQueue.this.notifyAll();
            }
        }
    }
}
