package dev.tempered.activities.pipeline;

import dev.tempered.workflows.PipelineWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded pipeline history (ingest then noop, recorded from a real run) against the
 * current workflow code: a change that alters the order or kind of commands fails here before it
 * breaks runs that are in flight in production.
 *
 * <p>Re-recorded when the plan gained the stage's dispatch (the workflow now runs every stage through
 * an untyped stub named by its plan): a plan recorded before carries none, so that history could
 * not replay against this code. Runs in flight across such an upgrade must finish on the old workers.
 */
class PipelineWorkflowReplayTest {
    @Test
    void currentCodeReplaysTheRecordedHistory() throws Exception {
        String history = Files.readString(Path.of("src/test/resources/histories/pipeline-ingest-noop.json"));
        WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class);
    }
}
