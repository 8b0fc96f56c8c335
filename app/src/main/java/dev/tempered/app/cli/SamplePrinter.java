package dev.tempered.app.cli;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunRecord;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints the completions of a run's {@code sample} stage, so the demo ends with generated text. */
final class SamplePrinter {
    private static final int MAX_CHARS = 160;

    private SamplePrinter() {}

    @SuppressWarnings("unchecked")
    static void print(LineageStore lineage, String runId, PrintStream out) {
        lineage.run(runId).ifPresent(run -> {
            for (StageRunRecord stage : run.stages()) {
                if (!"sample".equals(stage.stage()) || !(stage.summary().get("samples") instanceof List<?> samples))
                    continue;
                out.println("samples from the pretrained model (step "
                        + stage.summary().get("step") + "):");
                for (Object o : samples) {
                    Map<String, Object> sample = (Map<String, Object>) o;
                    String completion = String.valueOf(sample.get("completion")).replaceAll("\\s+", " ");
                    if (completion.length() > MAX_CHARS) completion = completion.substring(0, MAX_CHARS) + "…";
                    out.println("  " + sample.get("prompt") + " ▸" + completion);
                }
            }
        });
    }
}
