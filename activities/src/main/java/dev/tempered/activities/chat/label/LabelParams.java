package dev.tempered.activities.chat.label;

import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.Map;

/**
 * Parameters of stage {@code label} (see {@link LabelStage}). The defaults are the demo's: a dozen
 * prompts, four responses each (InstructGPT showed labelers 4 to 9), two labelers per task, three
 * days to finish.
 */
public record LabelParams(
        @Param(
                doc = "Prompts to label, drawn from the input conversations by a seeded shuffle.",
                min = 1,
                max = 100_000)
        int prompts,

        @Param(doc = "Responses generated per prompt (K), each with its own temperature and seed.", min = 2, max = 9)
        int responses,

        @Param(
                doc = "Temperature of the first response; the others step evenly up to temperature_max.",
                min = 0,
                max = 10)
        double temperatureMin,

        @Param(doc = "Temperature of the last response.", min = 0, max = 10)
        double temperatureMax,

        @Param(doc = "New tokens per response at most.", min = 1, max = 10_000)
        int maxTokens,

        @Param(doc = "Labelers each task is assigned to (overlap); agreement needs at least 2.", min = 1, max = 50)
        int overlap,

        @Param(doc = "Labels that close a task; 0 means overlap (every assigned labeler).", min = 0, max = 50)
        int quorum,

        @Param(
                doc = "Hours from the project's creation after which no label is accepted and the stage snapshots.",
                min = 0.001,
                max = 24 * 365)
        double deadlineHours,

        @Param(
                doc = "Seconds between reads of the counts while waiting when no submission signal comes.",
                min = 1,
                max = 3600)
        int pollSeconds,

        @Param(doc = "The longest ideal answer accepted, in characters.", min = 1, max = 100_000)
        int maxAnswerChars,

        @Param(doc = "Labelers, by account name, to assign; empty assigns every enabled labeler account.")
        java.util.List<String> labelers,

        @Param(
                doc = "Simulated labelers to create and run (sim-1, sim-2, ...): 0 waits for people.",
                min = 0,
                max = 200)
        int simulatedLabelers,

        @Param(
                doc = "Probability that a simulated labeler swaps two adjacent responses of its ranking.",
                min = 0,
                max = 1)
        double simulationNoise,

        @Param(doc = "The label API's base URL for simulated labelers; empty uses this process's web server.")
        String labelUrl,

        @Param(doc = "Sampling seed: with the same model and prompts, the same responses.", min = 0)
        long seed,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final LabelParams DEFAULTS =
            new LabelParams(12, 4, 0.6, 1.2, 48, 2, 0, 72, 30, 4000, java.util.List.of(), 0, 0.1, "", 0, "cpu");

    public LabelParams {
        labelers = java.util.List.copyOf(labelers);
        if (temperatureMax < temperatureMin) {
            throw new IllegalArgumentException("temperature_max (" + temperatureMax + ") is below temperature_min ("
                    + temperatureMin + "); the responses' temperatures step from min up to max");
        }
        if (quorum > overlap) {
            throw new IllegalArgumentException("quorum (" + quorum + ") is more than overlap (" + overlap
                    + "): no task could close before the deadline; lower quorum or raise overlap");
        }
        if (simulatedLabelers > 0 && simulatedLabelers < overlap) {
            throw new IllegalArgumentException("simulated_labelers is " + simulatedLabelers + " but overlap is "
                    + overlap + ": each task needs that many different labelers; raise simulated_labelers");
        }
    }

    /** Labels that close a task. */
    public int effectiveQuorum() {
        return quorum == 0 ? overlap : quorum;
    }

    /** The temperature of response {@code i} of {@link #responses}. */
    public double temperature(int i) {
        return temperatureMin + (temperatureMax - temperatureMin) * i / (responses - 1);
    }

    /** From the stage's params (normalised or not: missing ones take their defaults). */
    public static LabelParams of(Map<String, Object> p) {
        return StageParams.read(p, LabelParams.class);
    }
}
