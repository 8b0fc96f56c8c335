package dev.tempered.app.cli;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageWarnings;
import java.io.PrintStream;
import java.util.List;

/**
 * After a followed run succeeded: when its stages left warnings (a WARC cut short, malformed
 * records), says the run succeeded with warnings and lists them, so partly bad input is not
 * mistaken for a clean run.
 */
final class WarningsPrinter {
    private WarningsPrinter() {}

    static void print(LineageStore lineage, String runId, PrintStream out) {
        List<String> warnings = lineage.run(runId).map(StageWarnings::of).orElse(List.of());
        if (warnings.isEmpty()) return;
        out.println("run " + runId + " " + StageWarnings.SUCCEEDED_WITH_WARNINGS + ":");
        for (String w : warnings) out.println("  warning: " + w);
    }
}
