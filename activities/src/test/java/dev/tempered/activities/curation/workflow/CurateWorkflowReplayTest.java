package dev.tempered.activities.curation.workflow;

import dev.tempered.workflows.CurateWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded curate histories (recorded by {@link CurateWorkflowTest}) against the current
 * workflow code: a single run of five shards through to the report, and a run continued from a
 * memo that lists nothing more, deduplicates and finalizes 500 shards. A change to the order or
 * kind of commands fails here before it breaks curations in flight.
 */
class CurateWorkflowReplayTest {
    @ParameterizedTest
    @ValueSource(strings = {"curate-five-shards.json.gz", "curate-continued-run.json.gz"})
    void currentCodeReplaysTheRecordedHistory(String file) throws Exception {
        String history;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(CurateWorkflowTest.HISTORIES.resolve(file)))) {
            history = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        WorkflowReplayer.replayWorkflowExecution(history, CurateWorkflowImpl.class);
    }
}
