package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.storage.testing.StorageFixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code show PREFIX} and {@code cancel PREFIX}: an ambiguous run id prefix names the runs it matches. */
class RunIdPrefixTest {
    @Test
    void anAmbiguousPrefixListsTheMatchingRuns() {
        LineageStore lineage = StorageFixture.get().lineage();
        String prefix = "amb-" + UUID.randomUUID().toString().substring(0, 8);
        lineage.beginPipelineRun(prefix + "-1", "demo", Map.of(), null);
        lineage.beginPipelineRun(prefix + "-2", "demo", Map.of(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lineage.resolveRunId(prefix));
        assertEquals(
                "run id prefix '" + prefix + "' is ambiguous: it matches " + prefix + "-1, " + prefix
                        + "-2; type more of the id",
                e.getMessage());
        assertEquals(prefix + "-2", lineage.resolveRunId(prefix + "-2").orElseThrow());
    }
}
