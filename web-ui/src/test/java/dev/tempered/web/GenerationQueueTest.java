package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One generation at a time, a bounded line behind it, and each waiter told its place as it moves. */
class GenerationQueueTest {

    @Test
    void theFirstGoesAtOnceAndTheLineIsBounded() throws InterruptedException {
        GenerationQueue queue = new GenerationQueue(2);
        GenerationQueue.Place running = queue.enter();
        List<Integer> told = new CopyOnWriteArrayList<>();
        running.awaitTurn(told::add);
        assertEquals(List.of(), told, "nobody ahead: nothing to say");
        queue.enter();
        queue.enter();
        HttpResponseException full = assertThrows(HttpResponseException.class, queue::enter);
        assertEquals(429, full.getStatus());
        assertTrue(full.getMessage().contains("2 are waiting"), full.getMessage());
    }

    @Test
    void aWaiterHearsItsPlaceDropAsOthersFinishOrGiveUp() throws Exception {
        GenerationQueue queue = new GenerationQueue(4);
        GenerationQueue.Place running = queue.enter();
        GenerationQueue.Place quitter = queue.enter();
        GenerationQueue.Place waiter = queue.enter();
        List<Integer> told = new CopyOnWriteArrayList<>();
        CountDownLatch toldTwo = new CountDownLatch(1);
        CountDownLatch toldOne = new CountDownLatch(1);
        CountDownLatch turn = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                waiter.awaitTurn(n -> {
                    told.add(n);
                    (n == 2 ? toldTwo : toldOne).countDown();
                });
                turn.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertTrue(toldTwo.await(10, TimeUnit.SECONDS));
        quitter.leave(); // gave up from the middle of the line
        assertTrue(toldOne.await(10, TimeUnit.SECONDS));
        assertEquals(1, turn.getCount(), "still waiting for the running one");
        running.leave();
        assertTrue(turn.await(10, TimeUnit.SECONDS));
        t.join();
        assertEquals(List.of(2, 1), told);
        assertEquals(1, queue.size());
    }
}
