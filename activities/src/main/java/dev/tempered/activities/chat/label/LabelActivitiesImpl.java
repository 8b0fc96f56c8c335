package dev.tempered.activities.chat.label;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.stage.ModelDevice;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.ProjectCounts;
import dev.tempered.storage.labels.ReviewStore;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import dev.tempered.workflows.LabelActivities;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The activities of the {@code label} stage. The project lives in PostgreSQL ({@link LabelStore});
 * these activities create it, read its counts and snapshot it. Generation reads the prompts and the
 * model from the store; the snapshot reads only the database, so it sees every acknowledged label.
 */
public final class LabelActivitiesImpl implements LabelActivities {
    /** Heartbeat of generation: responses generated of all. */
    public record GenerationProgress(int done, int total) {}

    /** Heartbeat of the simulation: labels acknowledged so far. */
    public record SimulationProgress(long acknowledged) {}

    static final String GUIDELINES_RESOURCE = "/label/guidelines.md";

    private final ArtifactPublisher publisher;

    public LabelActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    // Built per call (they hold only the pool): a worker registers this before its database is needed.
    private LabelStore labels() {
        return new LabelStore(publisher.lineage().dataSource());
    }

    private UserStore users() {
        return new UserStore(publisher.lineage().dataSource());
    }

    @Override
    public OpenProject openLabelProject(ProjectRequest pr) {
        LabelParams p = LabelParams.of(pr.request().params());
        Optional<LabelProject> existing = labels().project(pr.projectId());
        if (existing.isPresent()) return open(existing.get(), p);
        List<User> labelers = labelers(p);
        List<NewTask> tasks = generate(pr.request(), p);
        LabelProject project = new LabelProject(
                pr.projectId(),
                "label " + pr.projectId(),
                guidelines(),
                p.responses(),
                p.overlap(),
                p.effectiveQuorum(),
                p.maxAnswerChars(),
                Instant.now().plus(Duration.ofMillis((long) (p.deadlineHours() * 3_600_000))),
                true);
        labels().createProject(project, tasks, labelers.stream().map(User::id).toList());
        return open(labels().project(pr.projectId()).orElseThrow(), p);
    }

    @Override
    public long simulateLabelers(ProjectRequest pr) {
        LabelParams p = LabelParams.of(pr.request().params());
        URI api = p.labelUrl().isEmpty()
                ? LabelApiLocation.current()
                        .orElseThrow(() -> new InvalidStageInputException("simulated labelers need the label API, but "
                                + "this worker's process runs no web server; set the stage's label_url param to the "
                                + "dashboard's URL"))
                : URI.create(p.labelUrl());
        List<SimulatedLabelers.Account> accounts = new ArrayList<>();
        for (String name : simulatedNames(p)) {
            // A fresh password per run: simulated accounts are real ones, and no password is kept anywhere.
            String password = UserStore.generatePassword();
            users().setPassword(name, password);
            accounts.add(new SimulatedLabelers.Account(name, password));
        }
        // Taken on the activity's thread: the labelers heartbeat from their own threads through it.
        io.temporal.activity.ActivityExecutionContext context = Activity.getExecutionContext();
        try {
            return new SimulatedLabelers(api, labels(), p.simulationNoise(), p.seed()).run(accounts, n -> {
                synchronized (context) {
                    context.heartbeat(new SimulationProgress(n));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("simulated labelers at " + api + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulated labelers interrupted", e);
        }
    }

    @Override
    public LabelingStatus labelingStatus(ProjectRequest pr) {
        LabelProject project = labels().project(pr.projectId())
                .orElseThrow(() -> new IllegalStateException("labeling project " + pr.projectId() + " is gone"));
        ProjectCounts c = labels().counts(pr.projectId());
        boolean done = c.allClosed() || !Instant.now().isBefore(project.deadline()) || !project.open();
        return new LabelingStatus(c.tasks(), c.closedTasks(), c.submissions(), done);
    }

    @Override
    public StageResult snapshotLabels(ProjectRequest pr) {
        labels().closeProject(pr.projectId());
        LabelSnapshot.Outputs out = LabelSnapshot.of(
                pr.projectId(),
                labels().tasks(pr.projectId()),
                labels().labels(pr.projectId()),
                new ReviewStore(publisher.lineage().dataSource()).resolutions(pr.projectId()));
        return LabelSnapshotArtifacts.publish(publisher, out);
    }

    private OpenProject open(LabelProject project, LabelParams p) {
        ProjectCounts c = labels().counts(project.id());
        return new OpenProject(
                project.id(), c.tasks(), project.deadline().toEpochMilli(), p.pollSeconds(), p.simulatedLabelers());
    }

    private static List<String> simulatedNames(LabelParams p) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= p.simulatedLabelers(); i++) names.add("sim-" + i);
        return names;
    }

    /** The accounts to assign: simulated ones (created when missing), those named, or every enabled labeler. */
    private List<User> labelers(LabelParams p) {
        List<User> out = new ArrayList<>();
        if (p.simulatedLabelers() > 0) {
            for (String name : simulatedNames(p)) {
                out.add(users().byName(name)
                        .orElseGet(() -> users().create(name, Role.LABELER, UserStore.generatePassword())));
            }
        } else if (!p.labelers().isEmpty()) {
            for (String name : p.labelers()) {
                User u = users().byName(name)
                        .orElseThrow(() -> new InvalidStageInputException("labeler '" + name
                                + "' has no account; create it with: tempered users add " + name + " --role labeler"));
                if (u.disabled()) throw new InvalidStageInputException("labeler '" + name + "' is disabled");
                out.add(u);
            }
        } else {
            for (User u : users().list()) if (u.role() == Role.LABELER && !u.disabled()) out.add(u);
        }
        if (out.size() < p.overlap()) {
            throw new InvalidStageInputException("overlap is " + p.overlap() + " but " + out.size()
                    + " labeler account(s) are available; add some with: tempered users add NAME --role labeler, "
                    + "or set simulated_labelers");
        }
        return out;
    }

    private static String guidelines() {
        try (InputStream in = LabelActivitiesImpl.class.getResourceAsStream(GUIDELINES_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** K responses to each chosen prompt, response i at temperature(i) with seed + i. */
    private List<NewTask> generate(StageRequest request, LabelParams p) {
        String promptsDigest = StageWork.requireInput(request, "prompts");
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        Device device = ModelDevice.of(p.device(), "label");
        Path work = null;
        try {
            List<Conversation> all = new ArrayList<>();
            try (InputStream in = publisher.store().open(promptsDigest)) {
                ConversationFile.read(in, "prompts " + promptsDigest, ConversationValidator.defaults(), all::add);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new InvalidStageInputException(
                        "input 'prompts' (" + promptsDigest + ") is not a gzip JSONL conversations artifact: "
                                + e.getMessage(),
                        e);
            }
            work = Files.createTempDirectory("tempered-label-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, tokenizerDigest));
            Checkpoint ckpt;
            try (InputStream in = publisher.store().open(modelDigest)) {
                ckpt = Checkpoint.read(in, "checkpoint " + modelDigest);
            }
            ckpt.requireCompatible(ckpt.config(), spec.vocabSize(), "checkpoint " + modelDigest);
            int context = ckpt.config().contextLength();
            List<Conversation> fitting = new ArrayList<>();
            List<int[]> prompts = new ArrayList<>();
            for (Conversation c : LabelPrompts.choose(all, Integer.MAX_VALUE, p.seed())) {
                if (fitting.size() == p.prompts()) break;
                int[] ids = renderer.renderPrompt(c.withoutLast());
                if (ids.length >= context) continue;
                fitting.add(c);
                prompts.add(ids);
            }
            if (fitting.isEmpty()) {
                throw new InvalidStageInputException("none of the " + all.size() + " conversations of input 'prompts' ("
                        + promptsDigest + ") fits the model's context of " + context + " tokens");
            }
            List<List<Part>>[] replies = generateReplies(ckpt, renderer, device, prompts, p);
            List<NewTask> tasks = new ArrayList<>();
            for (int t = 0; t < fitting.size(); t++) {
                Conversation c = fitting.get(t);
                Conversation prompt = c.withoutLast();
                String reference = c.last().text();
                List<NewTask.NewResponse> responses = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                for (int k = 0; k < p.responses(); k++) {
                    List<Part> parts = replies[k].get(t);
                    String text = ResponseText.of(parts);
                    texts.add(text);
                    responses.add(new NewTask.NewResponse(
                            text, ConversationJson.write(prompt.with(Message.assistant(parts)))));
                }
                tasks.add(new NewTask(LabelPrompts.display(prompt), reference, gold(texts, reference), responses));
            }
            return tasks;
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(
                    "input 'model' (" + modelDigest + ") is not a usable checkpoint: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("generating label responses failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    /**
     * A gold task is one where exactly one response is correct by the task's checker: that response
     * is known to be best, and a labeler who does not rank it first made a mistake.
     */
    static Integer gold(List<String> responses, String reference) {
        Integer only = null;
        for (int i = 0; i < responses.size(); i++) {
            if (Rubric.score(responses.get(i), reference) >= 4) {
                if (only != null) return null;
                only = i;
            }
        }
        return only;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Part>>[] generateReplies(
            Checkpoint ckpt, ChatRenderer renderer, Device device, List<int[]> prompts, LabelParams p) {
        List<List<Part>>[] out = new List[p.responses()];
        int total = p.responses() * prompts.size();
        int done = 0;
        try (NDManager manager = NDManager.newBaseManager(device);
                Gpt model = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager)) {
            ChatEngine engine = new ChatEngine(model, renderer);
            for (int k = 0; k < p.responses(); k++) {
                EngineSettings settings = new EngineSettings(p.maxTokens(), p.temperature(k), 0, 1.0, true, 4);
                out[k] = new ArrayList<>();
                for (int from = 0; from < prompts.size(); from += ChatEngine.BATCH_LIMIT) {
                    List<GenerationRequest> rows = new ArrayList<>();
                    for (int i = from; i < Math.min(prompts.size(), from + ChatEngine.BATCH_LIMIT); i++) {
                        rows.add(new GenerationRequest(prompts.get(i), p.seed() * 31 + k * 1_000_003L + i));
                    }
                    for (Generation g : engine.generate(rows, settings, GenerationListener.NONE)) {
                        List<Part> parts = renderer.parseReply(g.tokens()).parts();
                        out[k].add(parts.isEmpty() ? List.of(new Part.Text("")) : parts);
                    }
                    done += rows.size();
                    Activity.getExecutionContext().heartbeat(new GenerationProgress(done, total));
                }
            }
        }
        return out;
    }
}
