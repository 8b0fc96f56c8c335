package dev.tempered.workflows;

import java.util.List;
import java.util.Set;

/**
 * The task queues workers poll. Scaling out means starting more workers on a queue, on any machine
 * that can reach Temporal, the object store and PostgreSQL.
 */
public final class TaskQueues {
    /** Workflow tasks and the lineage bookkeeping activities they call (short, database-bound). */
    public static final String WORKFLOWS = "tempered-workflows";
    /** CPU-bound stage activities: ingest, curation shards, tokenizer training and tokenizing. */
    public static final String CPU = "tempered-cpu";
    /** Model stages with {@code device: cpu} (pretrain, sample; later sft, reward, ppo): one at a time per worker. */
    public static final String MODEL = "tempered-model";
    /** Model stages with {@code device: gpu}: one at a time per worker, on a machine with a CUDA device. */
    public static final String GPU = "tempered-gpu";

    public static final List<String> ALL = List.of(WORKFLOWS, CPU, MODEL, GPU);

    /**
     * Queues whose workers run one activity at a time: DJL allows one gradient collector per JVM
     * and the trainer reseeds the engine's global random generator, so two model activities in one
     * process would corrupt each other. Workers enforce it through their options.
     */
    public static final Set<String> ONE_ACTIVITY_AT_A_TIME = Set.of(MODEL, GPU);

    private TaskQueues() {}

    /** Maps the short names users type ({@code cpu}) to queue names, rejecting unknown ones. */
    public static String fromShortName(String name) {
        return switch (name.trim()) {
            case "workflows", WORKFLOWS -> WORKFLOWS;
            case "cpu", CPU -> CPU;
            case "model", MODEL -> MODEL;
            case "gpu", GPU -> GPU;
            default ->
                throw new IllegalArgumentException(
                        "unknown queue '" + name + "'; expected workflows, cpu, model or gpu");
        };
    }
}
