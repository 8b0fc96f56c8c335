package dev.tempered.activities.model.serve;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenManifest;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactNotFoundException;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checkpoint digest → a {@link LoadedModel}, for everything that serves a model outside a pipeline
 * (the {@code sample} command, the dashboard's playground).
 *
 * <pre>{@code
 * ModelLoader loader = new ModelLoader(store, lineage);
 * try (LoadedModel m = loader.load(checkpointDigest, null)) {
 *     m.generate("Once upon a time", GenerationSettings.defaults(), System.out::print, () -> true);
 * }
 * }</pre>
 *
 * <p>The tokenizer comes from lineage unless given (see {@link #tokenizerOf}): a chat checkpoint
 * names it in its metadata and its {@code sft} run read it; a base checkpoint was produced by a
 * {@code pretrain} stage run, whose input is a {@code token-manifest}, whose {@code tokenizer}
 * field names the tokenizer artifact the tokens were made with. Every failure is a
 * {@link ModelLoadException} naming the digest and what to do.
 */
public final class ModelLoader {
    /** The artifact metadata field saying what a checkpoint is ({@code chat}; absent or {@code base} for pretrain). */
    public static final String MODEL_KIND = "kind";

    /** {@link #MODEL_KIND} of a checkpoint made by an {@code sft} stage. */
    public static final String CHAT_KIND = "chat";

    /** The artifact metadata field a chat checkpoint names its tokenizer's digest in. */
    public static final String TOKENIZER_FIELD = "tokenizer";

    private final ArtifactStore store;
    private final LineageStore lineage;

    public ModelLoader(ArtifactStore store, LineageStore lineage) {
        this.store = store;
        this.lineage = lineage;
    }

    /** Loads a checkpoint; {@code tokenizerDigest} null means "the one lineage leads to". */
    public LoadedModel load(String checkpointDigest, String tokenizerDigest) {
        Parts p = read(checkpointDigest, tokenizerDigest);
        Integer bos = p.spec().specialTokens().get(SpecialTokens.BOS);
        if (bos == null) {
            throw new ModelLoadException(
                    ModelLoadException.Problem.BAD_TOKENIZER,
                    "tokenizer " + p.tokenizer() + " has no " + SpecialTokens.BOS + " token, which prompts start with");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Gpt gpt = Gpt.fromValues(p.checkpoint().config(), p.checkpoint().parameters(), manager);
            return new LoadedModel(
                    checkpointDigest,
                    p.tokenizer(),
                    p.checkpoint().step(),
                    manager,
                    gpt,
                    new BpeEncoder(p.spec()),
                    bos);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Loads a chat checkpoint (artifact metadata {@code kind: chat}, made by an {@code sft} stage)
     * for {@link ChatModel#reply}. A base model is refused by name, and so is a tokenizer without
     * the chat special tokens: neither can hold a conversation.
     */
    public ChatModel loadChat(String checkpointDigest, String tokenizerDigest) {
        ArtifactRecord a = requireCheckpoint(checkpointDigest);
        Object kind = a.metadata().get(MODEL_KIND);
        if (!CHAT_KIND.equals(kind)) {
            throw new ModelLoadException(
                    ModelLoadException.Problem.NOT_A_CHAT_MODEL,
                    "checkpoint " + checkpointDigest + " is a "
                            + (kind == null || "base".equals(kind) ? "base model (pretrain)" : "'" + kind + "' model")
                            + "; chat needs a chat checkpoint from an sft stage (artifact metadata kind: chat);"
                            + " for a base model use `tempered sample` or the playground");
        }
        Parts p = read(checkpointDigest, tokenizerDigest);
        ChatTokens tokens;
        try {
            tokens = ChatTokens.of(p.spec(), p.tokenizer());
        } catch (InvalidStageInputException e) {
            throw new ModelLoadException(ModelLoadException.Problem.BAD_TOKENIZER, e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Gpt gpt = Gpt.fromValues(p.checkpoint().config(), p.checkpoint().parameters(), manager);
            return new ChatModel(
                    checkpointDigest,
                    p.tokenizer(),
                    p.checkpoint().step(),
                    manager,
                    gpt,
                    new ChatRenderer(new BpeEncoder(p.spec()), tokens));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A checkpoint read with its tokenizer, the two checked to fit each other. */
    private record Parts(Checkpoint checkpoint, TokenizerSpec spec, String tokenizer) {}

    private Parts read(String checkpointDigest, String tokenizerDigest) {
        requireCheckpoint(checkpointDigest);
        String tokenizer = tokenizerDigest != null ? tokenizerDigest : tokenizerOf(checkpointDigest);
        requireArtifact(tokenizer, "tokenizer");
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-serve-");
            Checkpoint ckpt = readCheckpoint(checkpointDigest);
            TokenizerSpec spec = readTokenizer(tokenizer, work);
            try {
                ckpt.requireCompatible(ckpt.config(), spec.vocabSize(), "checkpoint " + checkpointDigest);
            } catch (CheckpointFormatException e) {
                throw new ModelLoadException(
                        ModelLoadException.Problem.BAD_TOKENIZER,
                        e.getMessage()
                                + (tokenizerDigest == null
                                        ? ""
                                        : " (tokenizer " + tokenizer + " was given with --tokenizer)"),
                        e);
            }
            return new Parts(ckpt, spec, tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("loading checkpoint " + checkpointDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    private ArtifactRecord requireCheckpoint(String checkpointDigest) {
        ArtifactRecord a = requireArtifact(checkpointDigest, "checkpoint");
        if (!PretrainActivitiesImpl.CHECKPOINT_KIND.equals(a.kind())) {
            throw new ModelLoadException(
                    ModelLoadException.Problem.NOT_A_CHECKPOINT,
                    "artifact " + checkpointDigest
                            + " is a " + a.kind()
                            + ", not a checkpoint; pick a checkpoint from `tempered artifacts list`"
                            + " or a pretrain stage's outputs");
        }
        return a;
    }

    /**
     * The tokenizer of a checkpoint, in this order: the digest in its artifact metadata
     * ({@code tokenizer}, which chat checkpoints carry); an input of kind {@code tokenizer} of the
     * stage run that produced it (an {@code sft} run reads the tokenizer directly); the
     * {@code tokenizer} field of a token manifest that run read (a {@code pretrain} run).
     */
    public String tokenizerOf(String checkpointDigest) {
        Lineage l = lineage.lineage(checkpointDigest).orElseThrow(() -> notFound(checkpointDigest, "checkpoint"));
        if (l.artifact().metadata().get(TOKENIZER_FIELD) instanceof String t && Digests.isDigest(t)) return t;
        for (StageRunLink producer : l.producedBy()) {
            for (ArtifactRef input : producer.artifacts()) {
                if (TokenizerArtifacts.KIND.equals(input.kind())) return input.digest();
            }
        }
        for (StageRunLink producer : l.producedBy()) {
            for (ArtifactRef input : producer.artifacts()) {
                if (!TokenManifest.KIND.equals(input.kind())) continue;
                Optional<String> tokenizer = manifestTokenizer(input.digest());
                if (tokenizer.isPresent()) return tokenizer.get();
            }
        }
        throw new ModelLoadException(
                ModelLoadException.Problem.NO_TOKENIZER,
                "cannot find the tokenizer of checkpoint "
                        + checkpointDigest + ": its metadata names none and no stage run that produced it read a"
                        + " tokenizer or a token manifest naming one; pass the tokenizer's digest (--tokenizer DIGEST)");
    }

    private Optional<String> manifestTokenizer(String manifestDigest) {
        try {
            String t = TokenManifest.read(store.readAllBytes(manifestDigest), manifestDigest)
                    .tokenizer();
            return t != null && Digests.isDigest(t) ? Optional.of(t) : Optional.empty();
        } catch (ArtifactNotFoundException e) {
            throw missingBytes(manifestDigest, "token manifest");
        } catch (IOException | IllegalArgumentException | InvalidStageInputException e) {
            return Optional.empty();
        }
    }

    /** Refuses a value that cannot be a digest, naming where it came from ({@code --model}). */
    public static void requireDigest(String digest, String what) {
        if (digest == null || !Digests.isDigest(digest)) {
            throw new ModelLoadException(
                    ModelLoadException.Problem.NOT_FOUND,
                    what + " '" + digest + "' is not an artifact"
                            + " digest (64 lower-case hex characters of sha256); copy one from `tempered artifacts list`");
        }
    }

    private ArtifactRecord requireArtifact(String digest, String role) {
        requireDigest(digest, role);
        return lineage.artifact(digest).orElseThrow(() -> notFound(digest, role));
    }

    private Checkpoint readCheckpoint(String digest) throws IOException {
        try (InputStream in = store.open(digest)) {
            return Checkpoint.read(in, "checkpoint " + digest);
        } catch (ArtifactNotFoundException e) {
            throw missingBytes(digest, "checkpoint");
        } catch (CheckpointFormatException e) {
            throw new ModelLoadException(ModelLoadException.Problem.NOT_A_CHECKPOINT, e.getMessage(), e);
        }
    }

    private TokenizerSpec readTokenizer(String digest, Path work) throws IOException {
        try {
            return TokenizerArtifacts.load(store, digest, work);
        } catch (ArtifactNotFoundException e) {
            throw missingBytes(digest, "tokenizer");
        } catch (InvalidStageInputException | IllegalArgumentException e) {
            throw new ModelLoadException(ModelLoadException.Problem.BAD_TOKENIZER, e.getMessage(), e);
        }
    }

    private static ModelLoadException notFound(String digest, String role) {
        return new ModelLoadException(
                ModelLoadException.Problem.NOT_FOUND,
                "no artifact " + digest + " in the lineage store (looking for the " + role
                        + "); list them with `tempered artifacts list`");
    }

    private static ModelLoadException missingBytes(String digest, String role) {
        return new ModelLoadException(
                ModelLoadException.Problem.MISSING_BYTES,
                role + " " + digest
                        + " is recorded in the lineage store but its bytes are missing from object storage; re-run the stage that produced it");
    }
}
