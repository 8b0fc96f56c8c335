package dev.tempered.bench;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time of a workflow went, read from its Temporal history: for each activity type and
 * for workflow tasks, the mean time waiting in the task queue (scheduled to started) and the mean
 * time running (started to completed). Event times come from the server's clock, in milliseconds
 * on the embedded test server, so only means over many events are meaningful.
 *
 * <p>Accumulates over several workflows; not thread-safe.
 */
final class HistoryBreakdown {
    /** The workflow-task row's key; activity rows are keyed by activity type. */
    static final String WORKFLOW_TASK = "(workflow task)";

    /** @param queueMs mean scheduled-to-started; @param runMs mean started-to-completed */
    record Part(int count, double queueMs, double runMs) {}

    private final Map<String, double[]> sums = new LinkedHashMap<>(); // name -> {count, queue ns, run ns}
    private long historyBytes;
    private int historyEvents;
    private int workflows;

    void add(WorkflowClient client, String workflowId) {
        Map<Long, HistoryEvent> scheduled = new HashMap<>();
        // Keyed by the scheduled event: the test server leaves startedEventId 0 on completed workflow tasks.
        Map<Long, HistoryEvent> startedBySchedule = new HashMap<>();
        workflows++;
        for (HistoryEvent e : (Iterable<HistoryEvent>) client.streamHistory(workflowId)::iterator) {
            historyEvents++;
            historyBytes += e.getSerializedSize();
            EventType type = e.getEventType();
            switch (type) {
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ->
                    scheduled.put(e.getEventId(), e);
                case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
                    startedBySchedule.put(
                            e.getActivityTaskStartedEventAttributes().getScheduledEventId(), e);
                case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
                    startedBySchedule.put(
                            e.getWorkflowTaskStartedEventAttributes().getScheduledEventId(), e);
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    var a = e.getActivityTaskCompletedEventAttributes();
                    HistoryEvent s = scheduled.get(a.getScheduledEventId());
                    record(
                            s.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName(),
                            s,
                            startedBySchedule.get(a.getScheduledEventId()),
                            e);
                }
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
                    var a = e.getWorkflowTaskCompletedEventAttributes();
                    record(
                            WORKFLOW_TASK,
                            scheduled.get(a.getScheduledEventId()),
                            startedBySchedule.get(a.getScheduledEventId()),
                            e);
                }
                default -> {}
            }
        }
    }

    private void record(String name, HistoryEvent scheduled, HistoryEvent started, HistoryEvent completed) {
        double[] s = sums.computeIfAbsent(name, k -> new double[3]);
        s[0]++;
        s[1] += nanos(started.getEventTime()) - nanos(scheduled.getEventTime());
        s[2] += nanos(completed.getEventTime()) - nanos(started.getEventTime());
    }

    private static double nanos(Timestamp t) {
        return t.getSeconds() * 1e9 + t.getNanos();
    }

    /**
     * @param workflows  how many histories were read
     * @param meanEvents history events per workflow
     * @param meanBytes  serialized history size per workflow; without sticky caching every workflow task replays it
     * @param parts      mean per task of each kind, activity types in the order first seen, then workflow tasks
     */
    record Summary(int workflows, long meanEvents, long meanBytes, Map<String, Part> parts) {}

    Summary summary() {
        Map<String, Part> parts = new LinkedHashMap<>();
        sums.forEach((name, s) -> {
            if (!name.equals(WORKFLOW_TASK)) parts.put(name, part(s));
        });
        if (sums.containsKey(WORKFLOW_TASK)) parts.put(WORKFLOW_TASK, part(sums.get(WORKFLOW_TASK)));
        return new Summary(
                workflows,
                workflows == 0 ? 0 : historyEvents / workflows,
                workflows == 0 ? 0 : historyBytes / workflows,
                parts);
    }

    private static Part part(double[] s) {
        return new Part((int) s[0], s[1] / s[0] / 1e6, s[2] / s[0] / 1e6);
    }
}
