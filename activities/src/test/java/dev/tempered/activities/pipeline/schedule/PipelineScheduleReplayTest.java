package dev.tempered.activities.pipeline.schedule;

import dev.tempered.workflows.PipelineScheduleWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded fallback-schedule run (50 firings, the second failed, then continue-as-new;
 * recorded by {@link PipelineScheduleWorkflowTest}) against the current workflow code.
 */
class PipelineScheduleReplayTest {
    @Test
    void currentCodeReplaysTheRecordedHistory() throws Exception {
        String history;
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(Path.of("src/test/resources/histories/pipeline-schedule-50-firings.json.gz")))) {
            history = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        WorkflowReplayer.replayWorkflowExecution(history, PipelineScheduleWorkflowImpl.class);
    }
}
