package dev.tempered.web;

/**
 * Pauses or resumes a retraining schedule for the Schedules page: the app records it in the
 * database and tells the Temporal Schedule or the fallback workflow; the web server has no
 * Temporal client of its own.
 */
@FunctionalInterface
public interface SchedulePauser {
    /** @return false when there is no schedule by that name */
    boolean setPaused(String name, boolean paused);
}
