package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import dev.tempered.app.RegisteredModels;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.workflows.TaskQueues;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tempered models} against the embedded platform: list, promote (the real gate and the
 * promotion workflow), approve, show, rollback, and the refusals, each a one-line error naming
 * the problem. The registered checkpoint and card are stand-in bytes: with no production yet the
 * gate has nothing to compare them with.
 */
class ModelsCommandTest {
    @TempDir
    static Path root;

    static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0));
        platform.own(Workers.start(platform, Set.of(TaskQueues.WORKFLOWS)));
        platform.publishPlatformFile("none");
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    static CliRunner.Result cli(String... args) {
        return new CliRunner(root.resolve("none.yaml"), root.resolve("data")).run(args);
    }

    static ModelVersion register(String model) throws java.io.IOException {
        return RegisteredModels.register(platform, model);
    }

    @Test
    void promoteApproveListAndRollBackFromTheTerminal() throws Exception {
        CliRunner.Result empty = cli("models", "list", "--model", "empty");
        assertEquals(0, empty.exitCode(), empty.err());
        assertTrue(empty.out().contains("model empty has no versions"), empty.out());

        ModelVersion v1 = register("cli-model");
        CliRunner.Result promoted = cli("models", "promote", "--model", "cli-model", "1", "--user", "ana");
        assertEquals(0, promoted.exitCode(), promoted.err());
        Matcher m = Pattern.compile("promotion (\\S+): awaiting-approval").matcher(promoted.out());
        assertTrue(m.find(), promoted.out());
        String id = m.group(1);
        assertTrue(promoted.out().contains("./tempered models approve " + id), promoted.out());

        CliRunner.Result approved = cli("models", "approve", id, "--user", "root", "--comment", "looks right");
        assertEquals(0, approved.exitCode(), approved.err());
        assertEquals("promotion " + id + " approved by root\n", approved.out());
        awaitStatus(id, Promotion.PROMOTED);
        assertEquals(
                Map.of(Aliases.CANDIDATE, 1, Aliases.PRODUCTION, 1),
                platform.lineage().modelRegistry().aliases("cli-model"));

        CliRunner.Result listed = cli("models", "list", "--model", "cli-model");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(
                listed.out().matches("(?s).*\\n1\\s+" + v1.checkpoint().substring(0, 12) + "\\s+chat\\s.*"),
                listed.out());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("1 ") && l.contains("production")), listed.out());

        CliRunner.Result shown = cli("models", "show", "--model", "cli-model", "production");
        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(
                shown.out().startsWith("cli-model version 1  checkpoint " + v1.checkpoint() + " (chat)"), shown.out());
        assertTrue(shown.out().contains("promote  by root: looks right"), shown.out());
    }

    @Test
    void refusalsAreOneLineErrorsNamingTheProblem() throws Exception {
        register("refusals");
        CliRunner.Result noVersion = cli("models", "promote", "--model", "refusals", "9");
        assertEquals(2, noVersion.exitCode());
        assertEquals("tempered: model refusals has no version 9; ./tempered models list shows them\n", noVersion.err());
        CliRunner.Result noRollback = cli("models", "rollback", "--model", "refusals");
        assertEquals(2, noRollback.exitCode());
        assertTrue(
                noRollback.err().startsWith("tempered: ")
                        && noRollback.err().lines().count() == 1,
                noRollback.err());
        CliRunner.Result noPromotion = cli("models", "approve", "promote-refusals-v1-1");
        assertEquals(2, noPromotion.exitCode());
        assertTrue(noPromotion.err().contains("is not waiting for a decision"), noPromotion.err());
    }

    private static void awaitStatus(String id, String status) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (platform.lineage()
                    .modelRegistry()
                    .promotion(id)
                    .map(Promotion::status)
                    .orElse("")
                    .equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never reached " + status);
    }
}
