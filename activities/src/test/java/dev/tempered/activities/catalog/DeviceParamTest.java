package dev.tempered.activities.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.workflows.StageActivityOptions;
import dev.tempered.workflows.StageNames;
import dev.tempered.workflows.TaskQueues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model stages' {@code device} param: cpu by default, gpu accepted, anything else refused naming the field. */
class DeviceParamTest {
    @Test
    void defaultsToCpuAcceptsGpuAndRefusesOthers() {
        for (String stage : List.of(StageNames.PRETRAIN, StageNames.SAMPLE)) {
            StageDefinition d = StageCatalog.get(stage, "test");
            assertEquals("cpu", d.normalize(Map.of(), "p").get("device"));
            assertEquals("gpu", d.normalize(Map.of("device", "gpu"), "p").get("device"));
            for (Object bad : List.of("cuda", "GPU", "", 1)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> d.normalize(Map.of("device", bad), "stages[4].params"));
                assertTrue(e.getMessage().contains("stages[4].params.device") && e.getMessage().contains("one of cpu, gpu"),
                        e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> StageCatalog.get(StageNames.INGEST, "test")
                .normalize(Map.of("device", "gpu"), "p"), "only model stages have a device");
    }

    @Test
    void theDeviceIsPartOfTheCacheKeyAndPicksTheTaskQueue() {
        StageDefinition d = StageCatalog.get(StageNames.PRETRAIN, "test");
        Map<String, String> inputs = Map.of("in", "a".repeat(64));
        assertNotEquals(CacheKeys.of(d.name(), d.version(), d.normalize(Map.of(), "p"), inputs),
                CacheKeys.of(d.name(), d.version(), d.normalize(Map.of("device", "gpu"), "p"), inputs));
        assertEquals(TaskQueues.GPU, StageActivityOptions.forModelStage(StageNames.PRETRAIN, "gpu").getTaskQueue());
        assertEquals(TaskQueues.CPU, StageActivityOptions.forModelStage(StageNames.SAMPLE, "cpu").getTaskQueue());
        assertEquals(StageActivityOptions.forStage(StageNames.PRETRAIN).getHeartbeatTimeout(),
                StageActivityOptions.forModelStage(StageNames.PRETRAIN, "gpu").getHeartbeatTimeout());
    }
}
