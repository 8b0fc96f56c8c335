package dev.tempered.activities.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.workflows.TaskQueues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model stages' {@code device} param: cpu by default, gpu accepted, anything else refused naming the field. */
class DeviceParamTest {
    @Test
    void defaultsToCpuAcceptsGpuAndRefusesOthers() {
        for (String stage : List.of("pretrain", "sample")) {
            StageDefinition d = StageRegistry.get(stage, "test");
            assertEquals("cpu", d.normalize(Map.of(), "p").get("device"));
            assertEquals("gpu", d.normalize(Map.of("device", "gpu"), "p").get("device"));
            for (Object bad : List.of("cuda", "GPU", "", 1)) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class, () -> d.normalize(Map.of("device", bad), "stages[4].params"));
                assertTrue(
                        e.getMessage().contains("stages[4].params.device")
                                && e.getMessage().contains("one of cpu, gpu"),
                        e.getMessage());
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> StageRegistry.get("ingest", "test").normalize(Map.of("device", "gpu"), "p"),
                "only model stages have a device");
    }

    @Test
    void theDeviceIsPartOfTheCacheKeyAndPicksTheTaskQueue() {
        StageDefinition d = StageRegistry.get("pretrain", "test");
        Map<String, String> inputs = Map.of("in", "a".repeat(64));
        assertNotEquals(
                CacheKeys.of(d.name(), d.version(), d.normalize(Map.of(), "p"), inputs),
                CacheKeys.of(d.name(), d.version(), d.normalize(Map.of("device", "gpu"), "p"), inputs));
        assertEquals(
                TaskQueues.GPU,
                d.dispatch(d.normalize(Map.of("device", "gpu"), "p")).taskQueue());
        assertEquals(TaskQueues.MODEL, d.dispatch(d.normalize(Map.of(), "p")).taskQueue());
        StageDefinition sample = StageRegistry.get("sample", "test");
        assertEquals(
                TaskQueues.MODEL,
                sample.dispatch(sample.normalize(Map.of("device", "cpu"), "p")).taskQueue());
        assertEquals(
                d.dispatch(d.normalize(Map.of(), "p")).heartbeatMillis(),
                d.dispatch(d.normalize(Map.of("device", "gpu"), "p")).heartbeatMillis());
    }
}
