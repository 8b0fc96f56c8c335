package dev.tempered.activities.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.activities.curation.CurationParams;
import dev.tempered.activities.ingest.IngestStageParams;
import dev.tempered.activities.model.stage.PretrainParams;
import dev.tempered.activities.model.stage.SampleParams;
import dev.tempered.storage.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Params derived from records: names, types, ranges and the exact error messages the CLI prints. */
class StageParamsTest {

    @Test
    void specsAreDerivedFromTheRecordInComponentOrder() {
        List<ParamSpec> ingest = StageParams.specs(IngestStageParams.class);
        assertEquals(
                List.of("shard_max_mb", "max_page_mb", "content_types"),
                ingest.stream().map(ParamSpec::name).toList());
        assertEquals(
                new ParamSpec(
                        "shard_max_mb",
                        ParamSpec.Type.INTEGER,
                        16L,
                        1,
                        4096,
                        "Close a shard once its uncompressed JSON lines reach this many MiB."),
                ingest.get(0));
        ParamSpec seed = StageParams.specs(PretrainParams.class).stream()
                .filter(p -> p.name().equals("seed"))
                .findFirst()
                .orElseThrow();
        assertEquals(0, seed.min());
        assertEquals((double) Long.MAX_VALUE, seed.max());
        ParamSpec c4 = StageParams.specs(CurationParams.class).get(7);
        assertEquals("c4_filter_no_terminal_punct", c4.name());
        assertEquals(ParamSpec.Type.BOOLEAN, c4.type());
        assertEquals("top_p", StageParams.specs(SampleParams.class).get(4).name());
    }

    @Test
    void errorsNameTheFileFieldAndValueExactlyAsBefore() {
        StageDefinition ingest = StageRegistry.get("ingest", "demo.yaml: stages[0].stage");
        assertEquals(
                "demo.yaml: stages[0].params.shard_max_mb: expected an integer from 1 to 4096, got 'lots'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ingest.normalize(Map.of("shard_max_mb", "lots"), "demo.yaml: stages[0].params"))
                        .getMessage());
        assertEquals(
                "demo.yaml: stages[0].params.shard_size: unknown parameter of stage 'ingest'; known: shard_max_mb, "
                        + "max_page_mb, content_types",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ingest.normalize(Map.of("shard_size", 4), "demo.yaml: stages[0].params"))
                        .getMessage());
        assertEquals(
                "demo.yaml: stages[0].stage: unknown stage 'ingets'; known stages: ingest, curate, train-tokenizer, "
                        + "tokenize, pretrain, sample, synthesize, sft, probe, label, label-snapshot, reward, ppo, rlvr, evaluate, noop",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> StageRegistry.get("ingets", "demo.yaml: stages[0].stage"))
                        .getMessage());
        StageDefinition pretrain = StageRegistry.get("pretrain", "t");
        assertEquals(
                "p.layers: expected an integer from 1 to 48, got 2.5 (double)",
                assertThrows(IllegalArgumentException.class, () -> pretrain.normalize(Map.of("layers", 2.5), "p"))
                        .getMessage());
        assertEquals(
                "p.learning_rate: expected a number from 1.0E-7 to 1.0, got 2 (integer)",
                assertThrows(IllegalArgumentException.class, () -> pretrain.normalize(Map.of("learning_rate", 2), "p"))
                        .getMessage());
        // A list param whose elements have choices names the bad element (checked before the run, not in the shard
        // activity).
        assertEquals(
                "p.quality_filters[1]: expected one of gopher_repetition, gopher_quality, c4_quality, fineweb_quality, "
                        + "got 'c4'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> StageRegistry.get("curate", "t")
                                        .normalize(Map.of("quality_filters", List.of("gopher_quality", "c4")), "p"))
                        .getMessage());
    }

    @Test
    void recordsReadBackFromParamsThatWentThroughJson() {
        StageDefinition pretrain = StageRegistry.get("pretrain", "t");
        Map<String, Object> normalized =
                pretrain.normalize(Map.of("steps", 7, "seed", 5_000_000_000L, "dropout", 0.5), "p");
        // Temporal carries params as JSON: small longs come back as Integer, 0.0 as Double.
        Map<String, Object> carried = Json.readMap(Json.write(normalized));
        PretrainParams p = PretrainParams.of(carried);
        assertEquals(7, p.steps());
        assertEquals(5_000_000_000L, p.seed());
        assertEquals(0.5, p.dropout());
        assertEquals(PretrainParams.DEFAULTS.width(), p.width());
        assertEquals(normalized, pretrain.normalize(carried, "p"), "normalising is idempotent");

        CurationParams c = CurationParams.from(
                StageRegistry.get("curate", "t").normalize(Map.of("languages", List.of("fr", "en")), "p"));
        assertEquals(Set.of("en", "fr"), c.languages());
        // The params JSON keeps the order the pipeline gave, as before.
        assertEquals(
                List.of("fr", "en"),
                StageRegistry.get("curate", "t")
                        .normalize(Map.of("languages", List.of("fr", "en")), "p")
                        .get("languages"));
    }

    @Test
    void aParamsRecordWithoutDocsOrDefaultsIsRefusedAtStartUp() {
        assertEquals(
                "Undocumented.size has no @Param: every stage parameter needs its doc",
                assertThrows(IllegalStateException.class, () -> StageParams.specs(Undocumented.class))
                        .getMessage());
        assertEquals(
                NoDefaults.class.getName()
                        + " needs a public static final NoDefaults DEFAULTS: the stage's default params",
                assertThrows(IllegalStateException.class, () -> StageParams.specs(NoDefaults.class))
                        .getMessage());
    }

    @Test
    void snakeCaseNames() {
        assertEquals("batch_size", StageParams.snakeCase("batchSize"));
        assertEquals("c4_filter_no_terminal_punct", StageParams.snakeCase("c4FilterNoTerminalPunct"));
        assertEquals("steps", StageParams.snakeCase("steps"));
    }

    record Undocumented(int size) {
        public static final Undocumented DEFAULTS = new Undocumented(1);
    }

    record NoDefaults(@Param(doc = "A size.") int size) {}
}
