package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.serve.ModelTextGenerator;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.web.PlaygroundSettings;
import dev.tempered.web.TextGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1 as a user runs it, through the CLI, on the bundled sample corpus: the demo
 * pipeline, then the commands that inspect what it produced, then the cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndTest {
    static final String DEMO = "--pipeline=../examples/pipelines/demo.yaml";

    @TempDir
    static Path root;

    static CliRunner cli;
    static String manifestDigest;

    static JsonNode runs() throws Exception {
        CliRunner.Result r = cli.run("runs", "--json");
        assertEquals(0, r.exitCode(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    @Order(1)
    void demoRunsIngestAndRecordsLineageAndArtifacts() throws Exception {
        cli = new CliRunner(root);
        CliRunner.Result demo = cli.run("demo", DEMO);
        assertEquals(0, demo.exitCode(), demo.out() + demo.err());
        assertTrue(demo.out().contains("dashboard: http://127.0.0.1:"), demo.out());
        assertTrue(
                demo.out().contains("samples from the pretrained model (step ")
                        && demo.out().contains("The history of ▸"),
                "the demo ends with generated lines: " + demo.out());
        assertTrue(demo.out().matches("(?s).*ingest\\s+succeeded.*"), demo.out());

        JsonNode runs = runs();
        assertEquals(1, runs.size());
        JsonNode run = runs.get(0);
        assertEquals("demo", run.get("pipeline").asText());
        assertEquals("succeeded", run.get("status").asText());
        List<String> stageNames = new java.util.ArrayList<>();
        run.get("stages").forEach(st -> stageNames.add(st.get("name").asText()));
        assertEquals(
                List.of(
                        "ingest",
                        "curate",
                        "train-tokenizer",
                        "synthesize",
                        "tokenize",
                        "pretrain",
                        "sample",
                        "sft",
                        "probe",
                        "sft",
                        "label",
                        "reward",
                        "ppo",
                        "evaluate",
                        "evaluate",
                        "evaluate",
                        "rlvr",
                        "evaluate",
                        "evaluate"),
                stageNames);
        // RL on verifiable rewards ran on the final chat model and measured held-out pass@1 before and after.
        JsonNode rlvr = run.get("stages").get(16).get("summary");
        assertTrue(rlvr.has("pass_at_1_before") && rlvr.has("pass_at_1_after"), rlvr.toString());
        run.get("stages")
                .forEach(st -> assertEquals(
                        "succeeded", st.get("status").asText(), st.get("name").asText()));
        // The tokenized corpus is what pretraining will read: real tokens, one shard per text shard,
        // the fact task's prose one more.
        JsonNode tokenize = run.get("stages").get(4);
        assertTrue(
                tokenize.get("summary").get("tokens").asLong() > 100_000,
                tokenize.get("summary").toString());
        assertEquals(
                run.get("stages").get(1).get("summary").get("shards").asInt() + 1,
                tokenize.get("summary").get("shards").asInt());
        // Pretraining learns something: below the unigram entropy, the loss of a model ignoring context.
        JsonNode pretrain = run.get("stages").get(5).get("summary");
        assertTrue(
                pretrain.get("final_loss").asDouble()
                        < pretrain.get("unigram_entropy_nats").asDouble(),
                pretrain.toString());
        assertEquals(4, run.get("stages").get(6).get("summary").get("samples").size());
        // Post-training: the base model and the SFT model answer the same held-out questions; only the
        // chat model has learned the reply format (ends with <|assistant_end|>, tool calls closed).
        JsonNode base = run.get("stages").get(13).get("summary");
        JsonNode chat = run.get("stages").get(14).get("summary");
        assertEquals("base", base.get("model_kind").asText(), base.toString());
        assertEquals("chat", chat.get("model_kind").asText(), chat.toString());
        assertTrue(base.get("items").asInt() > 0
                && base.get("items").asInt() == chat.get("items").asInt());
        assertTrue(
                chat.get("format_compliance").asDouble()
                        > base.get("format_compliance").asDouble() + 0.25,
                "base " + base.get("format_compliance") + ", chat " + chat.get("format_compliance"));
        // Hallucination control: every probed question is classified, what was mined replaces the
        // confident answers in the second SFT round, and every card judges the held-out fact questions.
        JsonNode probe = run.get("stages").get(8).get("summary");
        int probed = probe.get("questions").asInt();
        assertTrue(probed > 0, probe.toString());
        assertEquals(
                probed,
                probe.get("known").asInt()
                        + probe.get("unknown").asInt()
                        + probe.get("unstable").asInt(),
                probe.toString());
        JsonNode idk = run.get("stages").get(9).get("summary");
        assertEquals(
                probe.get("mined_refusals").asInt() + probe.get("mined_answers").asInt(),
                idk.get("replaced_by_extra").asInt(),
                "each mined example replaces its question's answer: " + idk);
        // Human labeling by the simulated labelers: every task got both of its labels, and the
        // rankings became preference pairs.
        JsonNode label = run.get("stages").get(10).get("summary");
        assertEquals(12, label.get("tasks_with_quorum").asInt(), label.toString());
        assertEquals(24, label.get("labels").asInt(), label.toString());
        assertTrue(label.get("pairs").asInt() > 0, label.toString());
        // RLHF on those labels: the reward model was scored on held-out rankings, and PPO says why it stopped.
        JsonNode reward = run.get("stages").get(11).get("summary");
        assertTrue(reward.get("val_accuracy").isNumber(), reward.toString());
        JsonNode ppo = run.get("stages").get(12).get("summary");
        assertTrue(!ppo.path("stop_reason").asText().isEmpty(), ppo.toString());
        for (int i : new int[] {13, 14, 15, 17, 18}) {
            JsonNode card = run.get("stages").get(i).get("summary");
            assertTrue(card.get("fact_questions").asInt() > 0, card.toString());
            assertTrue(card.get("hallucination_rate").isNumber(), card.toString());
        }
        assertTrue(demo.out().contains("halluc. rate"), "the demo prints the hallucination rows: " + demo.out());
        assertTrue(
                demo.out().contains("a chat with the SFT model") && demo.out().contains("  you: "),
                "the demo ends with a chat exchange: " + demo.out());
        assertTrue(
                demo.out().contains("report card (held-out splits")
                        && demo.out().contains("arithmetic")
                        && demo.out().contains(" commonest answer"),
                "the demo prints the report cards: " + demo.out());
        JsonNode ingest = run.get("stages").get(0);
        assertEquals("ingest", ingest.get("name").asText());
        assertEquals("succeeded", ingest.get("status").asText());
        assertFalse(ingest.get("cached").asBoolean());
        assertTrue(
                ingest.get("finished").asText().compareTo(ingest.get("started").asText()) >= 0);
        // 899 HTML responses in the WARC plus the 11 loose HTML files.
        assertEquals(910, ingest.get("summary").get("pages").asInt());

        JsonNode manifestRef = null;
        for (JsonNode o : ingest.get("outputs")) if (o.get("name").asText().equals("manifest")) manifestRef = o;
        manifestDigest = manifestRef.get("digest").asText();
        assertEquals("raw-pages-manifest", manifestRef.get("kind").asText());

        Path manifestFile = root.resolve("manifest.json");
        assertEquals(
                0,
                cli.run("artifacts", "get", manifestDigest, "-o", manifestFile.toString())
                        .exitCode());
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        assertEquals(manifestDigest, Digests.sha256Hex(manifestBytes));
        assertEquals(manifestRef.get("size").asLong(), manifestBytes.length);
        JsonNode manifest = Json.MAPPER.readTree(manifestBytes);
        assertEquals(910, manifest.get("pages").asInt());

        // A shard holds as many JSON lines as the manifest says.
        JsonNode shard = manifest.get("shards").get(0);
        Path shardFile = root.resolve("shard.jsonl.gz");
        assertEquals(
                0,
                cli.run("artifacts", "get", shard.get("digest").asText(), "-o", shardFile.toString())
                        .exitCode());
        try (var r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(shardFile)), StandardCharsets.UTF_8))) {
            assertEquals(shard.get("pages").asLong(), r.lines().count());
        }

        CliRunner.Result lineage = cli.run("lineage", manifestDigest);
        assertEquals(0, lineage.exitCode());
        assertTrue(lineage.out().contains("source-manifest"), lineage.out());
        assertTrue(lineage.out().contains("source-file"), "lineage reaches the uploaded WARC: " + lineage.out());

        // The closing hint carries real digests that paste as printed.
        java.util.regex.Matcher hint = java.util.regex.Pattern.compile(
                        "(?m)^lineage:  tempered lineage ([0-9a-f]{12})$")
                .matcher(demo.out());
        assertTrue(hint.find(), "the demo ends with a lineage command for its chat model: " + demo.out());
        assertTrue(demo.out().contains("chat:     tempered chat --model " + hint.group(1)), demo.out());
        CliRunner.Result pasted = cli.run("lineage", hint.group(1));
        assertEquals(0, pasted.exitCode(), pasted.err());
        assertTrue(pasted.out().contains("sft (run " + run.get("id").asText()), pasted.out());

        CliRunner.Result show = cli.run("show", run.get("id").asText().substring(0, 12), "--json");
        assertEquals(
                run.get("id").asText(),
                Json.MAPPER.readTree(show.out()).get("id").asText());
    }

    @Test
    @Order(2)
    void secondDemoIsCachedAndNoCacheRerunsToTheSameBytes() throws Exception {
        CliRunner.Result again = cli.run("demo", DEMO);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().matches("(?s).*ingest\\s+cached.*"), again.out());
        for (JsonNode stage : runs().get(0).get("stages")) {
            assertTrue(stage.get("cached").asBoolean(), stage.get("name").asText() + " is cached");
            assertFalse(stage.get("cached_from").isNull());
        }

        CliRunner.Result rerun = cli.run("demo", DEMO, "--no-cache");
        assertEquals(0, rerun.exitCode(), rerun.err());
        JsonNode rerunStage = runs().get(0).get("stages").get(0);
        assertFalse(rerunStage.get("cached").asBoolean());
        assertEquals(
                manifestDigest, rerunStage.get("summary").get("primary_output").asText(), "ingest is deterministic");
    }

    @Test
    @Order(3)
    void badPipelinesAreRejectedNamingFileAndField() throws Exception {
        Path unknownStage = root.resolve("unknown.yaml");
        Files.writeString(unknownStage, "name: bad\nstages:\n  - stage: curat\n");
        CliRunner.Result r = cli.run("demo", "--pipeline=" + unknownStage);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown.yaml: stages[0].stage: unknown stage 'curat'"), r.err());

        Path badParam = root.resolve("badparam.yaml");
        Files.writeString(
                badParam, "name: bad\nstages:\n  - stage: ingest\n    params: {sources: [x], shard_max_mb: lots}\n");
        r = cli.run("demo", "--pipeline=" + badParam);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("badparam.yaml: stages[0].params.shard_max_mb: expected an integer"), r.err());

        Path missing = root.resolve("missing.yaml");
        Files.writeString(
                missing, "name: missing\nstages:\n  - stage: ingest\n    params: {sources: [no-such.warc.gz]}\n");
        r = cli.run("demo", "--pipeline=" + missing);
        assertEquals(2, r.exitCode());
        assertTrue(
                r.err().contains("stages[0].params.sources[0]") && r.err().contains("no-such.warc.gz does not exist"),
                r.err());
    }

    /**
     * {@code tempered sample} and the playground's generator, given the sample stage's settings and
     * seed, write exactly the completion the stage stored; bad digests are refused by name. Reuses
     * the checkpoint the demo runs above trained.
     */
    @Test
    @Order(4)
    void sampleCommandAndPlaygroundGeneratorReproduceTheSampleStage() throws Exception {
        JsonNode sampleStage = null;
        for (JsonNode st : runs().get(0).get("stages"))
            if (st.get("name").asText().equals("sample")) sampleStage = st;
        String samplesDigest = sampleStage.get("outputs").get(0).get("digest").asText();
        Path samplesFile = root.resolve("samples.json");
        assertEquals(
                0,
                cli.run("artifacts", "get", samplesDigest, "-o", samplesFile.toString())
                        .exitCode());
        JsonNode doc = Json.MAPPER.readTree(samplesFile.toFile());
        String model = doc.get("model").asText();
        JsonNode params = doc.get("params");
        int i = 1; // the stage seeds prompt i with seed + i
        JsonNode expected = doc.get("samples").get(i);
        String prompt = expected.get("prompt").asText();
        long seed = params.get("seed").asLong() + i;

        CliRunner.Result r = cli.run(
                "sample",
                "--model",
                model,
                "--prompt",
                prompt,
                "--max-tokens",
                params.get("max_tokens").asText(),
                "--temperature",
                params.get("temperature").asText(),
                "--top-k",
                params.get("top_k").asText(),
                "--top-p",
                params.get("top_p").asText(),
                "--seed",
                Long.toString(seed));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(expected.get("completion").asText() + "\n", r.out());
        assertTrue(r.err().contains(expected.get("tokens").asInt() + " tokens"), r.err());

        TemperedConfig config =
                TemperedConfig.load(cli.config(), System.getenv()).withDataDir(cli.dataDir());
        List<String> pieces = new ArrayList<>();
        try (Platform platform = Platform.connect(config, false);
                ModelTextGenerator generator = new ModelTextGenerator(platform.store(), platform.lineage())) {
            TextGenerator.Completion c = generator.generate(
                    model,
                    prompt,
                    new PlaygroundSettings(
                            params.get("max_tokens").asInt(),
                            params.get("temperature").asDouble(),
                            params.get("top_k").asInt(),
                            params.get("top_p").asDouble(),
                            seed),
                    pieces::add,
                    () -> true);
            assertEquals(expected.get("tokens").asInt(), c.tokens());
        }
        assertEquals(expected.get("completion").asText(), String.join("", pieces));
        assertTrue(pieces.size() > 5, "streamed in pieces, not at once: " + pieces.size());

        CliRunner.Result notCheckpoint = cli.run("sample", "--model", samplesDigest, "--prompt", "x");
        assertEquals(2, notCheckpoint.exitCode());
        assertTrue(
                notCheckpoint.err().contains("artifact " + samplesDigest + " is a samples, not a checkpoint"),
                notCheckpoint.err());
        String unknown = Digests.sha256Hex("no such checkpoint".getBytes(StandardCharsets.UTF_8));
        CliRunner.Result missing = cli.run("sample", "--model", unknown, "--prompt", "x");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no artifact " + unknown), missing.err());
        // A digest prefix is enough, so 8 hex digits are a prefix that matches nothing; "ckpt" is no digest.
        CliRunner.Result unknownPrefix = cli.run("sample", "--model", "55f48207", "--prompt", "x");
        assertEquals(2, unknownPrefix.exitCode());
        assertTrue(unknownPrefix.err().contains("no artifact 55f48207 in the lineage store"), unknownPrefix.err());
        CliRunner.Result notDigest = cli.run("sample", "--model", "ckpt", "--prompt", "x");
        assertEquals(2, notDigest.exitCode());
        assertTrue(notDigest.err().contains("'ckpt' is not an artifact digest"), notDigest.err());
        CliRunner.Result wrongTokenizer =
                cli.run("sample", "--model", model, "--tokenizer", samplesDigest, "--prompt", "x");
        assertEquals(2, wrongTokenizer.exitCode());
        assertTrue(wrongTokenizer.err().contains("is not a tokenizer"), wrongTokenizer.err());
    }
}
