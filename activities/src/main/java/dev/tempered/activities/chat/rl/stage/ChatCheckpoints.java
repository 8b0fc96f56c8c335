package dev.tempered.activities.chat.rl.stage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.storage.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * Model checkpoints as the post-training stages ({@code reward}, {@code ppo}, {@code rlvr}) read
 * their inputs: a file that is not a checkpoint, a checkpoint that is not a chat model, or one of
 * another tokenizer is refused without retry, with a message naming the input, its digest and what
 * to give instead.
 */
public final class ChatCheckpoints {
    private ChatCheckpoints() {}

    /** The checkpoint {@code digest}, given to the stage as {@code input}. */
    public static Checkpoint read(ArtifactStore store, String input, String digest) throws IOException {
        try (InputStream in = store.open(digest)) {
            return Checkpoint.read(in, "checkpoint " + digest);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(
                    "input '" + input + "' (" + digest + ") is not a usable checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Input {@code model}: a chat checkpoint of exactly this tokenizer.
     *
     * @param stage the stage's name, for the messages
     * @param needs why the stage needs a chat model, e.g. "rlvr improves a chat model"
     */
    public static Checkpoint readChat(
            ArtifactStore store, String digest, TokenizerSpec spec, String tokenizerDigest, String stage, String needs)
            throws IOException {
        Checkpoint ckpt = read(store, "model", digest);
        if (!ckpt.origin().isChat()) {
            throw new InvalidStageInputException("input 'model' (" + digest + ") is a "
                    + ckpt.origin().kind() + " checkpoint; " + needs + ": give it sft's output");
        }
        if (ckpt.config().vocabSize() != spec.vocabSize()
                || !tokenizerDigest.equals(ckpt.origin().tokenizer())) {
            throw new InvalidStageInputException("input 'model' (" + digest + ") was trained with tokenizer "
                    + ckpt.origin().tokenizer() + " (vocabulary of "
                    + ckpt.config().vocabSize()
                    + ") but " + stage + " was given tokenizer " + tokenizerDigest + " (vocabulary of "
                    + spec.vocabSize() + "); give " + stage + " the chat model's tokenizer");
        }
        return ckpt;
    }
}
