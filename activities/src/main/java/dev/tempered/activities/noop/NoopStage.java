package dev.tempered.activities.noop;

import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import java.time.Duration;

/** Stage {@code noop}: heartbeats for a while and passes its input through; for benchmarks and tests. */
public final class NoopStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("noop", 1)
            .description("Heartbeat for a while and return: measures orchestration overhead.")
            .params(NoopParams.class)
            .input(InputSpec.optional("in", "any", "Passed through as the primary output."))
            .queue(QueueKind.CPU)
            .timeouts(new StageTimeouts(
                    // Tests and benchmarks stay busy for seconds at most; a noop asked to run longer than this fails by
                    // it.
                    Duration.ofMinutes(10),
                    // It heartbeats every second.
                    Duration.ofSeconds(10),
                    3))
            .activity(NoopActivities.class, "noop", services -> new NoopActivitiesImpl())
            .build();

    private NoopStage() {}
}
