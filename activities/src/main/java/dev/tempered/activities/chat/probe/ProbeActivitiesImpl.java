package dev.tempered.activities.chat.probe;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.facts.Entity;
import dev.tempered.activities.chat.facts.FactAsker;
import dev.tempered.activities.chat.facts.FactJudge;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.stage.ModelDevice;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.ProbeActivities;
import dev.tempered.workflows.ProbeWorkflowImpl;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activities of the {@code probe} stage. Every activity reads the questions again from the
 * store (they are small) rather than passing them through the workflow's history; a batch loads
 * the checkpoint, asks its questions {@code samples} times each and stores the judged answers as a
 * {@code probe-batch} artifact, whose bytes depend only on the model, the questions and the params,
 * so a retried batch stores the same artifact.
 */
public final class ProbeActivitiesImpl implements ProbeActivities {
    /** The format of a stored batch. */
    static final String BATCH_FORMAT = "tempered.probe-batch/v1";

    static final String BATCH_KIND = "probe-batch";

    /** A stored batch. */
    record Batch(String format, int batch, List<ProbedQuestion> questions) {}

    /** Heartbeat of a batch: generation calls done of all. */
    public record BatchProgress(int batch, int done, int total) {}

    private final ArtifactPublisher publisher;

    public ProbeActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public ProbePlan planProbe(StageRequest request) {
        ProbeParams p = ProbeParams.of(request.params());
        ProbeQuestions q = questions(request, p);
        int batches = q.batches(p.batchSize());
        if (batches > ProbeWorkflowImpl.MAX_BATCHES) {
            throw new InvalidStageInputException(
                    "probe would ask " + q.questions().size() + " questions in "
                            + batches + " batches of " + p.batchSize() + ", more than " + ProbeWorkflowImpl.MAX_BATCHES
                            + "; lower max_questions or raise batch_size");
        }
        return new ProbePlan(q.questions().size(), batches);
    }

    @Override
    public String probeBatch(BatchRequest batchRequest) {
        StageRequest request = batchRequest.request();
        ProbeParams p = ProbeParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "probe");
        ProbeQuestions q = questions(request, p);
        List<Conversation> batch = q.batch(batchRequest.batch(), p.batchSize());
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-probe-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, tokenizerDigest));
            Checkpoint ckpt;
            try (InputStream in = publisher.store().open(modelDigest)) {
                ckpt = Checkpoint.read(in, "checkpoint " + modelDigest);
            }
            ckpt.requireCompatible(ckpt.config(), spec.vocabSize(), "checkpoint " + modelDigest);
            List<FactAsker.Answers> answers;
            try (NDManager manager = NDManager.newBaseManager(device);
                    Gpt model = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager)) {
                ChatEngine engine = new ChatEngine(model, renderer);
                answers = new FactAsker(
                                engine::generate, renderer, ckpt.config().contextLength())
                        .ask(
                                batch,
                                asking(p),
                                (done, total) -> Activity.getExecutionContext()
                                        .heartbeat(new BatchProgress(batchRequest.batch(), done, total)));
            }
            FactJudge judge = new FactJudge(p.refusalTemplates());
            List<ProbedQuestion> judged = new ArrayList<>(answers.size());
            for (FactAsker.Answers a : answers) {
                Conversation c = a.question();
                Entity e = q.entity(c);
                String reference = q.reference(c);
                List<ProbedQuestion.Answer> list = new ArrayList<>();
                for (String text : a.texts()) list.add(new ProbedQuestion.Answer(text, judge.judge(text, reference)));
                judged.add(new ProbedQuestion(
                        c.id(),
                        e.name(),
                        FactQuestions.parseId(c.id()).orElseThrow().attribute(),
                        c.messages().get(0).text(),
                        reference,
                        list));
            }
            ArtifactRecord stored = publisher.publish(
                    Json.writeBytes(new Batch(BATCH_FORMAT, batchRequest.batch(), judged)),
                    BATCH_KIND,
                    "application/json",
                    Map.of("format", BATCH_FORMAT, "batch", batchRequest.batch(), "questions", judged.size()));
            return stored.digest();
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(
                    "input 'model' (" + modelDigest + ") is not a usable checkpoint: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("probing batch " + batchRequest.batch() + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public StageResult finishProbe(FinishRequest finish) {
        StageRequest request = finish.request();
        ProbeParams p = ProbeParams.of(request.params());
        ProbeQuestions q = questions(request, p);
        List<ProbedQuestion> probed = new ArrayList<>();
        try {
            for (String digest : finish.batches()) {
                Batch b = Json.MAPPER.readValue(publisher.store().readAllBytes(digest), Batch.class);
                if (!BATCH_FORMAT.equals(b.format())) {
                    throw new IllegalStateException("artifact " + digest + " is not a probe batch");
                }
                probed.addAll(b.questions());
            }
            ProbeMiner.Mined mined = ProbeMiner.mine(probed, q.questions(), p.minCorrect(), p.refusalTemplates());
            ProbeResults.Counts counts = counts(mined);
            ProbeResults results = new ProbeResults(
                    ProbeResults.FORMAT,
                    StageWork.requireInput(request, "model"),
                    StageWork.requireInput(request, "tokenizer"),
                    StageWork.requireInput(request, "questions"),
                    new ProbeResults.Settings(
                            p.samples(), p.minCorrect(), p.temperature(), p.topK(), p.topP(), p.maxTokens(), p.seed()),
                    counts,
                    mined.items());
            ArtifactRecord resultsArtifact = publisher.publish(
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(results),
                    ProbeResults.KIND,
                    ProbeResults.MEDIA_TYPE,
                    Map.of("format", ProbeResults.FORMAT, "questions", counts.questions()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ConversationFile.write(mined.conversations(), bytes);
            ArtifactRecord conversations = publisher.publish(
                    bytes.toByteArray(),
                    ConversationFile.KIND,
                    ConversationFile.MEDIA_TYPE,
                    Map.of(
                            "split", "mined",
                            "conversations", mined.conversations().size(),
                            "refusals", counts.minedRefusals(),
                            "answers", counts.minedAnswers()));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("questions", counts.questions());
            summary.put("known", counts.known());
            summary.put("unknown", counts.unknown());
            summary.put("unstable", counts.unstable());
            summary.put("mined_refusals", counts.minedRefusals());
            summary.put("mined_answers", counts.minedAnswers());
            summary.put("samples", p.samples());
            summary.put("min_correct", p.minCorrect());
            summary.put("probe_results", resultsArtifact.digest());
            return new StageResult(
                    conversations.digest(),
                    List.of(
                            new OutputRef("conversations", conversations.digest()),
                            new OutputRef("probe-results", resultsArtifact.digest())),
                    summary);
        } catch (IOException e) {
            throw new UncheckedIOException("finishing the probe failed: " + e.getMessage(), e);
        }
    }

    private ProbeQuestions questions(StageRequest request, ProbeParams p) {
        try {
            return ProbeQuestions.read(
                    publisher.store(),
                    StageWork.requireInput(request, "questions"),
                    StageWork.requireInput(request, "facts"),
                    p.maxQuestions());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the probe questions failed: " + e.getMessage(), e);
        }
    }

    private static FactAsker.Settings asking(ProbeParams p) {
        // Rows per generation call: every sample of every question of the batch together.
        return new FactAsker.Settings(
                p.samples(), p.temperature(), p.topK(), p.topP(), p.maxTokens(), p.seed(), p.batchSize() * p.samples());
    }

    private static ProbeResults.Counts counts(ProbeMiner.Mined mined) {
        int known = 0, unknown = 0, unstable = 0, refusals = 0, answers = 0;
        for (ProbeResults.Item i : mined.items()) {
            switch (i.classification()) {
                case KNOWN -> known++;
                case UNKNOWN -> unknown++;
                case UNSTABLE -> unstable++;
            }
            if (i.mined() == ProbeResults.Mined.REFUSAL) refusals++;
            if (i.mined() == ProbeResults.Mined.ANSWER) answers++;
        }
        return new ProbeResults.Counts(mined.items().size(), known, unknown, unstable, refusals, answers);
    }
}
