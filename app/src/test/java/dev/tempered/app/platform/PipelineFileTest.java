package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
                  - stage: pretrain
                    params: {steps: 5, device: cpu}
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
                "demo.yaml: stages[0].stage: unknown stage 'pretrian'; known stages: ingest, curate, train-tokenizer, "
                        + "tokenize, pretrain, sample, sft, noop",
                error("name: demo\nstages:\n  - stage: pretrian\n"));
        assertEquals(
                "demo.yaml: stages[1].params.device: expected one of cpu, gpu, got 'tpu'",
                error("name: demo\nstages:\n  - stage: noop\n  - stage: sample\n    params: {device: tpu}\n"));
        assertEquals(
                "demo.yaml: stages[0].params.steps: unknown parameter of stage 'noop'; known: duration_ms, salt",
                error("name: demo\nstages:\n  - stage: noop\n    params: {steps: 3}\n"));
    }

    private String error(String yaml) throws Exception {
        Path file = write("demo.yaml", yaml);
        return assertThrows(IllegalArgumentException.class, () -> PipelineFile.read(file))
                .getMessage();
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
