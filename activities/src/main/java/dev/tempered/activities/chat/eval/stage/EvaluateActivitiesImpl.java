package dev.tempered.activities.chat.eval.stage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.eval.ChatEvaluator;
import dev.tempered.activities.chat.eval.HeldOutItems;
import dev.tempered.activities.chat.eval.HeldOutTextLoss;
import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.FactAsker;
import dev.tempered.activities.chat.facts.FactEvaluation;
import dev.tempered.activities.chat.facts.FactJudge;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactReport;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.stage.ModelDevice;
import dev.tempered.activities.model.stage.TokenData;
import dev.tempered.activities.registry.ModelRegistration;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenManifest;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Temporal adapter of {@code evaluate}: reads the checkpoint, its tokenizer, the held-out
 * conversations and (optionally) the token manifest, runs {@link ChatEvaluator} through the
 * {@link ChatEngine} and {@link HeldOutTextLoss}, and publishes the {@link ReportCard}. It
 * heartbeats {@link EvaluateProgress} after every batch; a retry starts over (evaluation is
 * deterministic and has nothing worth resuming).
 *
 * <p>Refused without retry, naming the artifact: held-out conversations with no valid line, a
 * tokenizer without the chat special tokens, a checkpoint, token manifest or chat checkpoint made
 * for another vocabulary or tokenizer.
 */
public final class EvaluateActivitiesImpl implements EvaluateActivities {
    /** Heartbeat of {@code evaluate}: which part runs and how many of its batches are done. */
    public record EvaluateProgress(String phase, int done, int total) {}

    /** The checkpoint kind when the artifact's metadata names none: every pretrain checkpoint. */
    static final String BASE = "base";

    private final ArtifactPublisher publisher;

    public EvaluateActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult evaluateModel(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        EvaluateParams p = EvaluateParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "evaluate");
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        String heldoutDigest = StageWork.requireInput(request, "heldout");
        String tokensDigest = request.inputs().get("tokens");
        String factsDigest = request.inputs().get("facts");
        if (p.samples() > 1 && p.temperature() == 0) {
            throw new InvalidStageInputException("evaluate: samples is " + p.samples()
                    + " but temperature is 0, so every sample would be the same greedy reply; "
                    + "set temperature > 0 (e.g. 0.8) for pass@k, or samples: 1");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-evaluate-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatTokens chatTokens = ChatTokens.of(spec, tokenizerDigest);
            BpeEncoder encoder = new BpeEncoder(spec);
            ChatRenderer renderer = new ChatRenderer(encoder, chatTokens);
            Checkpoint ckpt = readCheckpoint(modelDigest);
            ckpt.requireCompatible(ckpt.config(), spec.vocabSize(), "checkpoint " + modelDigest);
            Map<String, Object> modelMetadata = publisher
                    .lineage()
                    .artifact(modelDigest)
                    .map(ArtifactRecord::metadata)
                    .orElse(Map.of());
            String modelKind = String.valueOf(modelMetadata.getOrDefault("kind", BASE));
            Object trainedWith = modelMetadata.get("tokenizer");
            if (trainedWith != null && !trainedWith.equals(tokenizerDigest)) {
                throw new InvalidStageInputException("checkpoint " + modelDigest + " was trained with tokenizer "
                        + trainedWith + ", not " + tokenizerDigest + "; pass the tokenizer it names");
            }
            Object renderVersion = modelMetadata.get("render_version");
            if (renderVersion instanceof Number v && v.intValue() != ChatRenderer.VERSION) {
                throw new InvalidStageInputException("checkpoint " + modelDigest + " was trained on chat template "
                        + "version " + v + ", but this build renders version " + ChatRenderer.VERSION
                        + "; evaluate it with the Tempered version that trained it");
            }
            HeldOutItems heldout = readHeldOut(heldoutDigest, p.maxItems());
            Encyclopedia encyclopedia = factsDigest == null ? null : readEncyclopedia(factsDigest);
            // With the encyclopedia, fact questions are judged three ways (correct, wrong, refused) by
            // their own pass; without it they are scored for format only, like any unknown task.
            Map<String, List<Conversation>> byTask = new LinkedHashMap<>(heldout.byTask());
            List<Conversation> factQuestions =
                    encyclopedia == null ? List.of() : byTask.getOrDefault(FactQuestions.TASK, List.of());
            if (encyclopedia != null) byTask.remove(FactQuestions.TASK);
            int[] valTokens = tokensDigest == null ? null : heldOutTokens(tokensDigest, tokenizerDigest, spec, p);

            ChatEvaluator.Settings settings = new ChatEvaluator.Settings(
                    p.maxTokens(),
                    p.temperature(),
                    p.topK(),
                    p.topP(),
                    p.samples(),
                    p.seed(),
                    p.batchSize(),
                    p.examples());
            ChatEvaluator.Result result;
            HeldOutTextLoss.Result loss = null;
            FactEvaluation.Result facts = null;
            long generationNanos;
            try (NDManager manager = NDManager.newBaseManager(device);
                    Gpt model = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager)) {
                ChatEngine engine = new ChatEngine(model, renderer);
                ChatEvaluator evaluator = new ChatEvaluator(
                        engine::generate,
                        renderer,
                        ChatTasks.byName(),
                        ckpt.config().contextLength());
                long t0 = System.nanoTime();
                result = evaluator.evaluate(
                        byTask, settings, (done, total) -> ctx.heartbeat(new EvaluateProgress("replies", done, total)));
                if (!factQuestions.isEmpty()) {
                    List<FactAsker.Answers> answers = new FactAsker(
                                    engine::generate, renderer, ckpt.config().contextLength())
                            .ask(
                                    factQuestions,
                                    new FactAsker.Settings(
                                            1,
                                            p.temperature(),
                                            p.topK(),
                                            p.topP(),
                                            p.maxTokens(),
                                            p.seed(),
                                            p.batchSize()),
                                    (done, total) -> ctx.heartbeat(new EvaluateProgress("facts", done, total)));
                    facts = FactEvaluation.of(
                            answers, encyclopedia, factsDigest, new FactJudge(), p.knownMentions(), p.examples());
                }
                generationNanos = System.nanoTime() - t0;
                if (valTokens != null) {
                    int length = Math.min(ckpt.config().contextLength(), valTokens.length - 1);
                    int windows = (valTokens.length - 1 + length - 1) / length;
                    loss = HeldOutTextLoss.measure(
                            model,
                            valTokens,
                            HeldOutTextLoss.tokenBytes(spec),
                            p.batchSize(),
                            done -> ctx.heartbeat(new EvaluateProgress("loss", done, windows)));
                }
            }

            ReportCard card = new ReportCard(
                    ReportCard.FORMAT,
                    modelDigest,
                    modelKind,
                    ckpt.step(),
                    tokenizerDigest,
                    heldoutDigest,
                    tokensDigest,
                    p.seed(),
                    settings.sampling(),
                    facts == null ? result.tasks() : withFacts(result.tasks(), facts.task()),
                    result.overall(),
                    loss == null ? null : round(loss.valLoss()),
                    loss == null || Double.isNaN(loss.bitsPerByte()) ? null : round(loss.bitsPerByte()),
                    facts == null ? result.examples() : withFactExamples(result.examples(), facts.examples()),
                    facts == null ? null : facts.report());
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("format", ReportCard.FORMAT);
            metadata.put("model", modelDigest);
            metadata.put("model_kind", modelKind);
            metadata.put("step", ckpt.step());
            metadata.put("items", result.overall().items());
            ArtifactRecord a = publisher.publish(card.toJsonBytes(), ReportCard.KIND, ReportCard.MEDIA_TYPE, metadata);
            // Every evaluated chat checkpoint becomes a model version and the candidate: the
            // registry's promotion gate compares exactly this card with production's.
            new ModelRegistration(publisher.lineage()).registerEvaluated(Aliases.DEFAULT_MODEL, a.digest(), "evaluate");
            return new StageResult(
                    a.digest(),
                    List.of(new OutputRef("report-card", a.digest())),
                    headlineFirst(
                            summary(card, heldout, result, generationNanos, p).toMap(), card.facts()));
        } catch (CheckpointFormatException e) {
            // Temporal matches non-retryable types by exact name: a mismatched checkpoint must not be retried in vain.
            throw new InvalidStageInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("evaluating " + modelDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    private Encyclopedia readEncyclopedia(String digest) throws IOException {
        try {
            return Encyclopedia.read(publisher.store().readAllBytes(digest), "facts input " + digest);
        } catch (IllegalArgumentException e) {
            throw new InvalidStageInputException(e.getMessage(), e);
        }
    }

    /** The task lines with the fact line in task-name order among them. */
    private static List<ReportCard.TaskScore> withFacts(List<ReportCard.TaskScore> tasks, ReportCard.TaskScore facts) {
        List<ReportCard.TaskScore> all = new ArrayList<>(tasks);
        all.add(facts);
        all.sort(Comparator.comparing(ReportCard.TaskScore::task));
        return all;
    }

    /** The examples with the fact questions' among them in task-name order, as the task lines are. */
    private static List<ReportCard.Example> withFactExamples(
            List<ReportCard.Example> examples, List<ReportCard.Example> facts) {
        List<ReportCard.Example> all = new ArrayList<>(examples);
        all.addAll(facts);
        // A stable sort keeps each task's examples in id order.
        all.sort(Comparator.comparing(ReportCard.Example::task));
        return all;
    }

    /** The summary with the hallucination figures first when there are any: they are what a reader looks for. */
    private static Map<String, Object> headlineFirst(Map<String, Object> summary, FactReport facts) {
        if (facts == null) return summary;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hallucination_rate", facts.hallucinationRate());
        out.put("known_accuracy", facts.knownAccuracy());
        out.put("over_refusal", facts.overRefusal());
        out.put("fact_questions", facts.questions());
        out.putAll(summary);
        return out;
    }

    private Checkpoint readCheckpoint(String digest) throws IOException {
        try (InputStream in = publisher.store().open(digest)) {
            return Checkpoint.read(in, "checkpoint " + digest);
        }
    }

    /** The held-out items, or a non-retryable error saying why no line was usable. */
    private HeldOutItems readHeldOut(String digest, int maxItems) throws IOException {
        HeldOutItems items;
        try (InputStream in = publisher.store().open(digest)) {
            items = HeldOutItems.read(in, "conversations " + digest, maxItems);
        } catch (java.util.zip.ZipException e) {
            throw new InvalidStageInputException(
                    "heldout input " + digest
                            + " is not a conversations artifact (gzip JSONL): " + e.getMessage()
                            + "; pass synthesize's heldout output",
                    e);
        }
        if (items.size() == 0) {
            ConversationFile.ReadReport r = items.read();
            throw new InvalidStageInputException("heldout input " + digest + " holds no valid conversation ("
                    + r.invalid() + " invalid lines by reason " + r.invalidByReason()
                    + (r.examples().isEmpty() ? "" : "; first: " + r.examples().get(0))
                    + "); pass synthesize's heldout output");
        }
        return items;
    }

    /**
     * The held-out tail of the token manifest, as {@code pretrain} held it out with the same
     * {@code eval_fraction}, cut to {@code val_tokens}; refused when made with another tokenizer.
     */
    private int[] heldOutTokens(String manifestDigest, String tokenizerDigest, TokenizerSpec spec, EvaluateParams p)
            throws IOException {
        TokenManifest manifest = TokenManifest.read(publisher.store().readAllBytes(manifestDigest), manifestDigest);
        if (manifest.vocabSize() != spec.vocabSize()) {
            throw new InvalidStageInputException("token manifest " + manifestDigest + " has a vocabulary of "
                    + manifest.vocabSize() + " but tokenizer " + tokenizerDigest + " has " + spec.vocabSize()
                    + "; pass the token manifest tokenized with this tokenizer");
        }
        if (manifest.tokenizer() != null && !manifest.tokenizer().equals(tokenizerDigest)) {
            throw new InvalidStageInputException("token manifest " + manifestDigest + " was tokenized with "
                    + manifest.tokenizer() + ", not tokenizer " + tokenizerDigest
                    + "; pass the token manifest tokenized with this tokenizer");
        }
        int[] tail = TokenData.load(publisher.store(), manifestDigest, p.evalFraction())
                .validation();
        if (tail == null) {
            throw new InvalidStageInputException("token manifest " + manifestDigest + " holds too few tokens for a "
                    + "held-out tail at eval_fraction " + p.evalFraction() + "; raise eval_fraction or leave out the "
                    + "tokens input");
        }
        return tail.length > p.valTokens() ? Arrays.copyOf(tail, p.valTokens()) : tail;
    }

    private static EvaluateSummary summary(
            ReportCard card, HeldOutItems heldout, ChatEvaluator.Result result, long nanos, EvaluateParams p) {
        Map<String, Map<String, Object>> tasks = new LinkedHashMap<>();
        for (ReportCard.TaskScore t : card.tasks()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("items", t.items());
            line.put("accuracy", t.accuracy());
            line.put("accuracy_without_tool", t.accuracyWithoutTool());
            line.put("pass_at_k", t.passAtK());
            line.put("format_compliance", t.formatCompliance());
            tasks.put(t.task(), line);
        }
        return new EvaluateSummary(
                card.modelKind(),
                card.step(),
                tasks,
                card.overall().items(),
                card.overall().formatCompliance(),
                card.valLoss(),
                card.bitsPerByte(),
                heldout.read().invalid(),
                heldout.leftOut(),
                result.promptsTooLong(),
                result.uncheckedTasks(),
                result.replies(),
                nanos > 0 && result.replyTokens() > 0 ? Math.round(result.replyTokens() / (nanos / 1e9)) : null,
                p.device(),
                JniUtils.getNumThreads());
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
