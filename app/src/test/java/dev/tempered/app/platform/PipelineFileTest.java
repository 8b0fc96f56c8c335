package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.app.config.CallerDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline file is checked against the stage registry before anything runs, every error naming file and field. */
class PipelineFileTest {
    @TempDir
    Path dir;

    @Test
    void clientParamsAreSetAsideAndTheRestIsCheckedAgainstTheStageDefinition() throws Exception {
        PipelineFile f = PipelineFile.read(write("demo.yaml", """
                name: demo
                stages:
                  - stage: ingest
                    params: {sources: [../data/sample.warc.gz], shard_max_mb: 8}
                  - stage: curate
                    params: {chunk_docs: 100}
                """));
        assertEquals(Map.of("shard_max_mb", 8), f.spec().stages().get(0).params(), "sources is not a stage param");
        assertEquals(
                Map.of("sources", List.of("../data/sample.warc.gz")),
                f.clientParams().get(0));
        assertEquals(Map.of(), f.clientParams().get(1));
    }

    @Test
    void errorsNameTheFileTheFieldAndWhatIsAllowed() throws Exception {
        assertEquals(
                "demo.yaml: stages[0].params.shard_max_mb: expected an integer from 1 to 4096, got 'lots'",
                error("name: demo\nstages:\n  - stage: ingest\n    params: {sources: [a], shard_max_mb: lots}\n"));
        assertEquals(
                "demo.yaml: stages[0].stage: unknown stage 'pretrian'; known stages: "
                        + String.join(
                                ", ",
                                StageRegistry.all().stream()
                                        .map(StageDefinition::name)
                                        .toList()),
                error("name: demo\nstages:\n  - stage: pretrian\n"));
        assertEquals(
                "demo.yaml: stages[1].params.device: expected one of cpu, gpu, got 'tpu'",
                error("name: demo\nstages:\n  - stage: noop\n  - stage: sample\n    params: {device: tpu}\n"));
        assertEquals(
                "demo.yaml: stages[0].params.steps: unknown parameter of stage 'noop'; known: duration_ms, salt",
                error("name: demo\nstages:\n  - stage: noop\n    params: {steps: 3}\n"));
    }

    @Test
    void aStageRunTwiceNeedsAnIdAndReferencesMustPointToEarlierIdsAndDeclaredInputs() throws Exception {
        PipelineFile f = PipelineFile.read(write("demo.yaml", """
                name: demo
                stages:
                  - stage: noop
                  - stage: noop
                    id: noop-2
                    inputs: {in: stage:noop}
                  - stage: sample
                    inputs: {model: stage:noop-2.checkpoint, tokenizer: stage:noop}
                """));
        assertEquals("noop-2", f.spec().stages().get(1).key());
        assertEquals("noop", f.spec().stages().get(0).key());
        assertEquals(
                "demo.yaml: stages[1].stage: 'noop' appears twice; give each run of a stage its own id (id: noop-2)",
                error("name: demo\nstages:\n  - stage: noop\n  - stage: noop\n"));
        assertEquals(
                "demo.yaml: stages[0].inputs.in: 'stage:later' refers to 'later', which is not an earlier stage id"
                        + " of this pipeline",
                error("name: demo\nstages:\n  - stage: noop\n    inputs: {in: stage:later}\n  - stage: noop\n"
                        + "    id: later\n"));
        assertEquals(
                "demo.yaml: stages[1].inputs.checkpoint: stage 'sample' has no input 'checkpoint'; it takes [model,"
                        + " tokenizer]",
                error(
                        "name: demo\nstages:\n  - stage: noop\n  - stage: sample\n    inputs: {checkpoint: stage:noop}\n"));
        assertEquals(
                "demo.yaml: stages[1].id: must be 1-64 letters, digits, '_' or '-' (no '.'), got a.b",
                error("name: demo\nstages:\n  - stage: noop\n  - stage: noop\n    id: a.b\n"));
    }

    private String error(String yaml) throws Exception {
        Path file = write("demo.yaml", yaml);
        return assertThrows(IllegalArgumentException.class, () -> PipelineFile.read(file))
                .getMessage();
    }

    @Test
    void aRelativePipelinePathIsTheCallersNotTheCheckouts() throws Exception {
        Path caller = Files.createDirectories(dir.resolve("project"));
        Files.writeString(caller.resolve("x.yaml"), "name: x\nstages:\n  - stage: noop\n");
        try (var ignored = new CallerDirectory(caller, dir.resolve("checkout"))) {
            PipelineFile f = PipelineFile.read(Path.of("x.yaml"));
            assertEquals(caller.resolve("x.yaml"), f.file());
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> PipelineFile.read(Path.of("y.yaml")));
            assertEquals(
                    "y.yaml: pipeline file does not exist (looked for " + caller.resolve("y.yaml") + ")",
                    e.getMessage());
        }
    }

    @Test
    void pretrainFedRawPagesIsRefusedBeforeAnythingRuns() throws Exception {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PipelineFile.read(write("p.yaml", """
                name: p
                stages:
                  - stage: ingest
                    params: {sources: [pages.warc.gz]}
                  - stage: pretrain
                """)));
        assertEquals(
                "p.yaml: stages[1]: stage 'pretrain' would get ingest's output as input 'in' (no inputs are named, so"
                        + " the previous stage's output is used): that is a raw-pages-manifest, but 'in' expects a"
                        + " token-manifest; name the right earlier stage with inputs: {in: stage:<id>}",
                e.getMessage());
    }

    @Test
    void anInputReferenceOfTheWrongKindOrAMissingStageOrInputIsRefused() throws Exception {
        String head = "name: p\nstages:\n  - stage: ingest\n    params: {sources: [a.warc]}\n  - stage: curate\n"
                + "  - stage: train-tokenizer\n";
        assertEquals(
                "p.yaml: stages[3].inputs.text: stage 'tokenize' input 'text' is 'stage:train-tokenizer': that is a"
                        + " tokenizer, but 'text' expects a text-manifest; name the right earlier stage with inputs:"
                        + " {text: stage:<id>}",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> PipelineFile.read(write(
                                        "p.yaml",
                                        head
                                                + "  - stage: tokenize\n    inputs: {text: stage:train-tokenizer, tokenizer:"
                                                + " stage:train-tokenizer}\n")))
                        .getMessage());
        assertEquals(
                "q.yaml: stages[1].inputs.text: 'stage:curate' refers to 'curate', which is not an earlier stage id of"
                        + " this pipeline",
                assertThrows(IllegalArgumentException.class, () -> PipelineFile.read(write("q.yaml", """
                                name: q
                                stages:
                                  - stage: ingest
                                    params: {sources: [a.warc]}
                                  - stage: tokenize
                                    inputs: {text: stage:curate, tokenizer: stage:ingest}
                                """)))
                        .getMessage());
        assertEquals(
                "r.yaml: stages[3].inputs.tokenizer: stage 'tokenize' needs input 'tokenizer' (a tokenizer); name it,"
                        + " e.g. inputs: {tokenizer: stage:<earlier stage id>}",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> PipelineFile.read(write(
                                        "r.yaml", head + "  - stage: tokenize\n    inputs: {text: stage:curate}\n")))
                        .getMessage());
    }

    @Test
    void theExamplePipelinesPassTheInputChecks() {
        for (String name : List.of("demo.yaml", "showcase.yaml", "retrain.yaml")) {
            PipelineFile f = PipelineFile.read(
                    Path.of("..", "examples", "pipelines", name).toAbsolutePath());
            assertEquals(name.replace(".yaml", ""), f.spec().name());
        }
    }

    @Test
    void theRetrainingPipelinesUpstreamStagesAreTheDemosSoTheyComeFromTheCache() {
        var demo = PipelineFile.read(
                        Path.of("..", "examples", "pipelines", "demo.yaml").toAbsolutePath())
                .spec();
        var retrain = PipelineFile.read(
                        Path.of("..", "examples", "pipelines", "retrain.yaml").toAbsolutePath())
                .spec();
        java.util.Map<String, dev.tempered.workflows.StageSpec> byKey = new java.util.HashMap<>();
        for (var s : demo.stages()) byKey.put(s.key(), s);
        List<String> upstream = List.of(
                "ingest", "curate", "train-tokenizer", "synthesize", "tokenize", "pretrain", "sft", "probe", "sft-idk");
        for (String key : upstream) {
            var mine = retrain.stages().stream()
                    .filter(s -> s.key().equals(key))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("retrain.yaml has no stage " + key));
            assertEquals(byKey.get(key), mine, key + " differs from the demo's: its cache key would too");
        }
        assertEquals(
                List.of("label-snapshot", "reward", "ppo", "evaluate-ppo"),
                retrain.stages().stream()
                        .map(dev.tempered.workflows.StageSpec::key)
                        .filter(k -> !upstream.contains(k))
                        .toList());
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
