package dev.tempered.app.temporal;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainSchedule;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the retrains that PostgreSQL records as started but Temporal no longer runs (the embedded
 * server forgets its workflows on a restart). Left as they are, every later firing of their
 * schedule would see a retrain in progress and record an overlap, forever. They are recorded as
 * failed, which leaves the watermark where it was: their labels count again at the next firing.
 */
public final class LostRetrains {
    private static final Logger log = LoggerFactory.getLogger(LostRetrains.class);
    /** Firings read per schedule: at most one of them is ever started. */
    static final int PER_SCHEDULE = 50;

    static final String MESSAGE = "lost: Temporal no longer runs this firing (the platform restarted during the "
            + "retrain); its labels count again at the next firing";

    private LostRetrains() {}

    /** Returns the firing ids it recorded as failed. */
    public static List<String> failOrphans(WorkflowClient client, LineageStore lineage) {
        RetrainScheduleStore store = new RetrainScheduleStore(lineage.dataSource());
        List<String> failed = new ArrayList<>();
        for (RetrainSchedule s : store.list()) {
            for (RetrainFiring f : store.firings(s.name(), PER_SCHEDULE)) {
                if (!RetrainFiring.STARTED.equals(f.status()) || PromotionRecovery.running(client, f.firingId())) {
                    continue;
                }
                store.finishFiring(f.firingId(), RetrainFiring.FAILED, MESSAGE, null);
                failed.add(f.firingId());
                log.info("retrain {} of schedule {} was lost; recorded as failed", f.firingId(), s.name());
            }
        }
        return failed;
    }
}
