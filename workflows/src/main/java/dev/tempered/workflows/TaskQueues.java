package dev.tempered.workflows;

import java.util.List;

/**
 * The task queues workers poll. Scaling out means starting more workers on a queue, on any machine
 * that can reach Temporal, the object store and PostgreSQL.
 */
public final class TaskQueues {
    /** Workflow tasks and the lineage bookkeeping activities they call (short, database-bound). */
    public static final String WORKFLOWS = "tempered-workflows";
    /** CPU-bound stage activities: ingest, curation shards, tokenizer training. */
    public static final String CPU = "tempered-cpu";
    /** Stage activities that want an accelerator: pretraining, SFT, PPO. */
    public static final String GPU = "tempered-gpu";

    public static final List<String> ALL = List.of(WORKFLOWS, CPU, GPU);

    private TaskQueues() {}

    /** Maps the short names users type ({@code cpu}) to queue names, rejecting unknown ones. */
    public static String fromShortName(String name) {
        return switch (name.trim()) {
            case "workflows", WORKFLOWS -> WORKFLOWS;
            case "cpu", CPU -> CPU;
            case "gpu", GPU -> GPU;
            default -> throw new IllegalArgumentException("unknown queue '" + name + "'; expected workflows, cpu or gpu");
        };
    }
}
