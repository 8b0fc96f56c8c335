package dev.tempered.activities.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.ingest.IngestActivitiesImpl;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.noop.NoopActivitiesImpl;
import dev.tempered.activities.tokenizer.stage.TokenizerActivitiesImpl;
import dev.tempered.storage.Json;
import dev.tempered.workflows.CurateWorkflowImpl;
import dev.tempered.workflows.LineageActivities;
import dev.tempered.workflows.StageDispatch;
import dev.tempered.workflows.TaskQueues;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry is complete and consistent: what the workflow, the workers, the CLI and the dashboard rely on. */
class StageRegistryTest {

    @Test
    void everyStageClassIsRegisteredOnceUnderAUniqueNameInPipelineOrder() throws Exception {
        assertEquals(
                List.of(
                        "ingest",
                        "curate",
                        "train-tokenizer",
                        "tokenize",
                        "pretrain",
                        "sample",
                        "synthesize",
                        "sft",
                        "probe",
                        "label",
                        "label-snapshot",
                        "reward",
                        "ppo",
                        "rlvr",
                        "evaluate",
                        "noop"),
                StageRegistry.all().stream().map(StageDefinition::name).toList());
        // Every class under activities with a StageDefinition constant must be in the registry, once:
        // a stage package whose line was forgotten would otherwise be silently unknown.
        List<StageDefinition> declared = new ArrayList<>();
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith("Stage.class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replace(".class", "");
                for (Field field : Class.forName(name).getDeclaredFields()) {
                    if (field.getType() == StageDefinition.class && Modifier.isStatic(field.getModifiers())) {
                        declared.add((StageDefinition) field.get(null));
                    }
                }
            }
        }
        assertEquals(
                16,
                declared.size(),
                "stage definitions found: "
                        + declared.stream().map(StageDefinition::name).toList());
        for (StageDefinition d : declared) {
            assertEquals(1, StageRegistry.all().stream().filter(r -> r == d).count(), d.name() + " registered once");
        }
    }

    @Test
    void activityTypeNamesAreUniqueAcrossThePlatform() {
        Set<Class<?>> interfaces =
                new LinkedHashSet<>(List.of(LineageActivities.class, dev.tempered.workflows.CurationActivities.class));
        for (StageDefinition d : StageRegistry.all()) {
            if (d.execution() instanceof StageExecution.Activity a) interfaces.add(a.activityInterface());
        }
        Set<String> seen = new HashSet<>();
        for (Class<?> i : interfaces) {
            for (POJOActivityMethodMetadata m :
                    POJOActivityInterfaceMetadata.newInstance(i).getMethodsMetadata()) {
                assertTrue(
                        seen.add(m.getActivityTypeName()),
                        "activity type " + m.getActivityTypeName() + " of " + i.getSimpleName()
                                + " is also used elsewhere");
            }
        }
        assertEquals(
                List.of(
                        "Ingest",
                        "CurateWorkflow",
                        "TrainTokenizer",
                        "Tokenize",
                        "Pretrain",
                        "SampleModel",
                        "SynthesizeConversations",
                        "Sft",
                        "ProbeWorkflow",
                        "LabelWorkflow",
                        "SnapshotAcknowledgedLabels",
                        "TrainRewardModel",
                        "OptimizeWithPpo",
                        "TrainOnVerifiableRewards",
                        "EvaluateModel",
                        "Noop"),
                StageRegistry.all().stream().map(d -> d.execution().typeName()).toList());
    }

    @Test
    void defaultsAreWithinTheirRangesAndReadBackAsTheDefaultsRecord() {
        for (StageDefinition d : StageRegistry.all()) {
            Map<String, Object> normalized = d.normalize(Map.of(), d.name() + ".params");
            assertEquals(d.params().stream().map(ParamSpec::name).sorted().toList(), List.copyOf(normalized.keySet()));
            Record read = StageParams.read(normalized, d.paramsType());
            assertEquals(StageParams.toMap(read), StageParams.toMap(defaultsOf(d.paramsType())), d.name());
            for (ParamSpec p : d.params()) {
                assertTrue(!p.description().isBlank(), d.name() + "." + p.name() + " has a doc");
            }
        }
    }

    /**
     * The canonical params JSON and cache keys of every stage's defaults, as the hand-written
     * catalog produced them before the registry: equal params keep their cache keys.
     */
    @Test
    void canonicalParamsAndCacheKeysAreThoseOfTheCatalogBeforeTheRegistry() {
        Map<String, String> inputs = Map.of("in", "a".repeat(64));
        Map<String, String> json = new TreeMap<>();
        Map<String, String> keys = new TreeMap<>();
        for (StageDefinition d : StageRegistry.all()) {
            Map<String, Object> p = d.normalize(Map.of(), "p");
            json.put(d.name(), Json.write(p));
            keys.put(d.name(), CacheKeys.of(d.name(), d.version(), p, inputs));
        }
        assertEquals(
                "{\"content_types\":[\"text/html\",\"application/xhtml+xml\",\"text/plain\"],\"max_page_mb\":10,"
                        + "\"shard_max_mb\":16}",
                json.get("ingest"));
        assertEquals(
                "{\"c4_filter_no_terminal_punct\":false,\"chunk_docs\":200,\"dedup\":true,\"language_threshold\":0.65,"
                        + "\"languages\":[\"en\"],\"pii\":true,\"quality_filters\":[\"gopher_repetition\",\"gopher_quality\","
                        + "\"c4_quality\",\"fineweb_quality\"],\"url_filter\":true}",
                json.get("curate"));
        assertEquals(
                "{\"batch_size\":16,\"checkpoint_every\":100,\"context\":128,\"device\":\"cpu\",\"dropout\":0.0,"
                        + "\"eval_every\":50,\"eval_fraction\":0.05,\"grad_clip\":1.0,\"heads\":4,\"layers\":2,\"learning_rate\":0.003,"
                        + "\"micro_batches\":1,\"min_lr_fraction\":0.1,\"seed\":1337,\"steps\":300,\"warmup_steps\":30,"
                        + "\"weight_decay\":0.1,\"width\":128}",
                json.get("pretrain"));
        assertEquals(
                "{\"device\":\"cpu\",\"max_tokens\":64,\"prompts\":[\"The history of\",\"In this tutorial, we will\","
                        + "\"The best way to learn\",\"Once upon a time\"],\"seed\":1,\"temperature\":0.8,\"top_k\":50,\"top_p\":0.95}",
                json.get("sample"));
        assertEquals("{\"duration_ms\":0,\"salt\":0}", json.get("noop"));
        assertEquals("{}", json.get("tokenize"));
        // Computed with the catalog's StageDefinition.normalize and CacheKeys at commit f2412e2.
        assertEquals(
                Map.ofEntries(
                        Map.entry("ingest", "f77b94c10d6c4d0d4de4e5e47f36f9179d3eff060ed5d4bb5570b43137f8277a"),
                        Map.entry("curate", "cdef2aff58290d3815bde0897f4c22933a4d3a6bc211853032ace20bbbd64d62"),
                        Map.entry(
                                "train-tokenizer", "ec3cf8b5fe37b2f0e82cba731c5a511f7cc689a1384a82640fe6dc6f5b4e547c"),
                        Map.entry("tokenize", "f60efcb86872d7fe2a576310e4c13193d1a36a0d3f00accffde6be84e6f1f585"),
                        Map.entry("pretrain", "4a025d7f4e5d7da6d2b3c3e5cf39b27309fc46bd33a1db9fbcf18ea5037cb43f"),
                        Map.entry("sample", "a4ddb53da81b483e29df46e1976bef94240b84616db0a961b8586d70112c4bbb"),
                        Map.entry("noop", "18408260831d60fd2c393ab3345df9f08ab781cb4fe93284484a3109443b64f1"),
                        // Added with their stages (issue 11), after the catalog; pin version and default params.
                        // Issue 12 changed synthesize (version 3: the fact task) and evaluate
                        // (version 3: known_mentions) on purpose, and added probe.
                        Map.entry("synthesize", "042bb27c6798c01a8252ab35ac84d6982a2956d6e17589c5a03a97e8c23cf3a3"),
                        Map.entry("sft", "85b2ba742c8442f70dfee08d4fe7d42bf478e9da26d4731590bed2357bac2d3d"),
                        Map.entry("probe", "ff7ec6988652d0325dd11c359092133a866a23eb4066391932fdf798b70f6973"),
                        // Issue 13 added label.
                        Map.entry("label", "3ee60ffa0002e8da3099f4155b4f3c4768811d55d63dbd485665148d721fbe85"),
                        // Issue 15 added label-snapshot (retraining reads labels already acknowledged).
                        Map.entry("label-snapshot", "add45b386cfdf147dac9d65c156e2d1cbdd74510950404f3f0262ee8f2d67eb5"),
                        // Issue 14 added reward, ppo and rlvr; ppo then gained second_reward_drop (its
                        // hacking guard's second held-out reward). Then every stage that samples (sample,
                        // probe, label, ppo, rlvr, evaluate) went up one version on purpose: DecodingRule
                        // changed which token a seed draws, and a model-written tool output now parses as text.
                        Map.entry("ppo", "fae217316c8dbd463cee4ade7215b09e60650abd2a0773124b983aa7b78f0787"),
                        Map.entry("rlvr", "47c9d8f1063c645671388c6e376a9503ebb9fa9d8674b879d180ff05b799b209"),
                        Map.entry("reward", "9c0a7050c1c140834b1ad47837fc8a6f499961ae859c7799d8c05ffbb0d362a4"),
                        Map.entry("evaluate", "5bf194a87972104f4b34710e3cc4c069c32e2d557f0cecf9293990977bd793be")),
                keys);
    }

    @Test
    void dispatchFollowsTheDefinition() {
        StageDefinition ingest = StageRegistry.get("ingest", "t");
        assertEquals(
                new StageDispatch(StageDispatch.Kind.ACTIVITY, "Ingest", TaskQueues.CPU, 12 * 3_600_000L, 20_000, 5),
                ingest.dispatch(ingest.normalize(Map.of(), "p")));
        StageDefinition curate = StageRegistry.get("curate", "t");
        assertEquals(
                new StageDispatch(StageDispatch.Kind.CHILD_WORKFLOW, "CurateWorkflow", TaskQueues.WORKFLOWS, 0, 0, 0),
                curate.dispatch(curate.normalize(Map.of(), "p")));
        StageDefinition sample = StageRegistry.get("sample", "t");
        assertEquals(
                new StageDispatch(StageDispatch.Kind.ACTIVITY, "SampleModel", TaskQueues.GPU, 3_600_000L, 60_000, 3),
                sample.dispatch(sample.normalize(Map.of("device", "gpu"), "p")));
    }

    @Test
    void workersRegisterEachImplementationOnceWhereItsStagesAreScheduled() {
        StageServices services = new StageServices(null);
        assertEquals(
                List.of(
                        IngestActivitiesImpl.class,
                        CurationActivitiesImpl.class,
                        TokenizerActivitiesImpl.class,
                        dev.tempered.activities.chat.synth.SynthesizeActivitiesImpl.class,
                        dev.tempered.activities.chat.label.LabelSnapshotActivitiesImpl.class,
                        NoopActivitiesImpl.class),
                StageRegistry.activityImplementations(TaskQueues.CPU, services).stream()
                        .map(Object::getClass)
                        .toList());
        for (String queue : List.of(TaskQueues.MODEL, TaskQueues.GPU)) {
            assertEquals(
                    List.of(
                            PretrainActivitiesImpl.class,
                            dev.tempered.activities.chat.sft.stage.SftActivitiesImpl.class,
                            dev.tempered.activities.chat.probe.ProbeActivitiesImpl.class,
                            dev.tempered.activities.chat.label.LabelActivitiesImpl.class,
                            dev.tempered.activities.chat.reward.stage.RewardActivitiesImpl.class,
                            dev.tempered.activities.chat.ppo.stage.PpoActivitiesImpl.class,
                            dev.tempered.activities.chat.rlvr.stage.RlvrActivitiesImpl.class,
                            dev.tempered.activities.chat.eval.stage.EvaluateActivitiesImpl.class),
                    StageRegistry.activityImplementations(queue, services).stream()
                            .map(Object::getClass)
                            .toList(),
                    queue);
        }
        assertEquals(List.of(), StageRegistry.activityImplementations(TaskQueues.WORKFLOWS, services));
        assertEquals(
                List.of(
                        CurateWorkflowImpl.class,
                        dev.tempered.workflows.ProbeWorkflowImpl.class,
                        dev.tempered.workflows.LabelWorkflowImpl.class),
                StageRegistry.childWorkflowImplementations());
    }

    private static Record defaultsOf(Class<? extends Record> type) {
        try {
            return (Record) type.getField("DEFAULTS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " has no DEFAULTS", e);
        }
    }
}
