package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run page's status for a run whose ingest warned (a WARC cut short): "succeeded with warnings". */
class RunViewWarningsTest {
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private static PipelineRunRecord run(StageStatus status, Map<String, Object> ingestSummary) {
        StageRunRecord ingest = new StageRunRecord(
                UUID.randomUUID(),
                "r1",
                0,
                "ingest",
                1,
                "k",
                Map.of(),
                status,
                false,
                null,
                "w",
                null,
                T0,
                T0.plusSeconds(3),
                null,
                ingestSummary,
                List.of(),
                List.of());
        return new PipelineRunRecord(
                "r1", "demo", status, Map.of(), null, T0, T0.plusSeconds(4), null, List.of(ingest));
    }

    private static RunView view(PipelineRunRecord run) {
        return RunView.of(run, s -> null, s -> null, T0.plusSeconds(5));
    }

    @Test
    void aSucceededRunWhoseStageWarnedSaysSoAndListsTheWarnings() {
        RunView v = view(run(
                StageStatus.SUCCEEDED,
                Map.of(
                        "pages",
                        512,
                        "warnings",
                        List.of("cut.warc.gz is cut short: the file ends inside the record"
                                + " at byte 3428977 (gzip member cut short); the pages before it were kept."))));
        assertEquals("succeeded with warnings", v.displayStatus());
        assertEquals(
                List.of("ingest: cut.warc.gz is cut short: the file ends inside the record at byte 3428977 (gzip member"
                        + " cut short); the pages before it were kept."),
                v.warnings());
    }

    @Test
    void aCleanRunOrAFailedOneKeepsItsStatus() {
        assertEquals(
                "succeeded",
                view(run(StageStatus.SUCCEEDED, Map.of("pages", 899))).displayStatus());
        assertEquals(
                "failed",
                view(run(StageStatus.FAILED, Map.of("warnings", List.of("x is cut short."))))
                        .displayStatus());
    }
}
