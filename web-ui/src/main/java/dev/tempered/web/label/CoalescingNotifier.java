package dev.tempered.web.label;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends at most one notification per project per {@code delayMillis}, after the acknowledgement
 * and off the request thread: 50 labelers submitting 100 labels a second make a few signals a
 * second, not a hundred, so the label workflow's history grows with time, not with labels.
 */
final class CoalescingNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoalescingNotifier.class);

    private volatile LabelNotifier target;
    private final long delayMillis;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "label-notifier");
        t.setDaemon(true);
        return t;
    });

    CoalescingNotifier(LabelNotifier target, long delayMillis) {
        this.target = target;
        this.delayMillis = delayMillis;
    }

    void target(LabelNotifier target) {
        this.target = target;
    }

    void submitted(String projectId) {
        if (!pending.add(projectId)) return;
        timer.schedule(
                () -> {
                    pending.remove(projectId);
                    try {
                        target.labelsSubmitted(projectId);
                    } catch (RuntimeException e) {
                        // The workflow polls the database anyway; a failed nudge only delays it.
                        log.warn("could not notify the label workflow {}: {}", projectId, e.toString());
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
