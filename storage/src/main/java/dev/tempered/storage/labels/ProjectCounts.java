package dev.tempered.storage.labels;

/** How far a project is: tasks, tasks closed (quorum reached) and submissions stored. */
public record ProjectCounts(int tasks, int closedTasks, long submissions) {
    public boolean allClosed() {
        return tasks > 0 && closedTasks == tasks;
    }
}
