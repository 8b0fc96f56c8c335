package dev.tempered.app.cli;

import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands the demo ends with, filled in with this run's own digests (12 characters, which
 * every command accepts) so they can be pasted as printed: the run's details, the lineage of its
 * last model, and chatting with the chat model or sampling the base model.
 */
final class ClosingHint {
    /** The digest length the CLI and the dashboard print; unique in any realistic store. */
    static final int SHORT = 12;

    /** What one stage wrote, as the hint needs it. */
    record StageOutputs(String stage, List<ArtifactRef> outputs) {}

    private ClosingHint() {}

    static void print(LineageStore lineage, String runId, PrintStream out) {
        List<StageOutputs> stages = lineage.run(runId)
                .map(r -> r.stages().stream()
                        .map((StageRunRecord s) -> new StageOutputs(s.stage(), s.outputs()))
                        .toList())
                .orElse(List.of());
        lines(runId, stages).forEach(out::println);
    }

    static List<String> lines(String runId, List<StageOutputs> stages) {
        List<String> lines = new ArrayList<>();
        lines.add("details:  tempered show " + runId);
        String base = finalCheckpoint(stages, "pretrain");
        String chat = finalCheckpoint(stages, "sft");
        String last = chat != null ? chat : base != null ? base : lastOutput(stages);
        if (last != null) lines.add("lineage:  tempered lineage " + last);
        if (chat != null) lines.add("chat:     tempered chat --model " + chat);
        if (base != null) lines.add("sample:   tempered sample --model " + base + " --prompt \"The \"");
        return lines;
    }

    /** The final checkpoint (output {@code checkpoint}) of the last stage named {@code stage}, shortened. */
    private static String finalCheckpoint(List<StageOutputs> stages, String stage) {
        String found = null;
        for (StageOutputs s : stages) {
            if (!s.stage().equals(stage)) continue;
            for (ArtifactRef o : s.outputs()) if (o.name().equals("checkpoint")) found = o.digest();
        }
        return found == null ? null : found.substring(0, SHORT);
    }

    private static String lastOutput(List<StageOutputs> stages) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            List<ArtifactRef> outputs = stages.get(i).outputs();
            if (!outputs.isEmpty()) return outputs.get(0).digest().substring(0, SHORT);
        }
        return null;
    }
}
