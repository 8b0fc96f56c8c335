package dev.tempered.activities.model.stage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.tokenizer.stage.TokenManifest;
import dev.tempered.activities.tokenizer.stage.TokenShardReader;
import dev.tempered.storage.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All tokens of a {@link TokenManifest}, concatenated in shard order and split into
 * training tokens and the held-out tail used for validation loss.
 *
 * <p>Not here: streaming (everything is read into memory, fine up to a few hundred million tokens).
 *
 * @param validation null when the held-out tail is shorter than one window or evaluation is off
 */
public record TokenData(int vocabSize, int[] train, int[] validation) {
    public static TokenData load(ArtifactStore store, String manifestDigest, double evalFraction) throws IOException {
        TokenManifest manifest = TokenManifest.read(store.readAllBytes(manifestDigest), manifestDigest);
        int vocab = manifest.vocabSize();
        if (vocab < 2)
            throw new InvalidStageInputException("token manifest " + manifestDigest + " has vocab_size " + vocab);
        List<int[]> shards = new ArrayList<>();
        long total = 0;
        for (TokenManifest.Shard s : manifest.shards()) {
            String digest = s.digest();
            try (InputStream in = store.open(digest)) {
                int[] ids = TokenShardReader.readAll(in, digest);
                total += ids.length;
                shards.add(ids);
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new InvalidStageInputException("token manifest " + manifestDigest + " holds over 2^31 tokens; "
                        + "pretrain reads all tokens into memory and cannot take this many");
            }
        }
        int[] all = new int[(int) total];
        int at = 0;
        for (int[] s : shards) {
            for (int id : s) {
                if (id < 0 || id >= vocab) {
                    throw new InvalidStageInputException("token manifest " + manifestDigest + ": token id " + id
                            + " is outside its vocabulary of " + vocab);
                }
            }
            System.arraycopy(s, 0, all, at, s.length);
            at += s.length;
        }
        int split = (int) Math.round(all.length * (1 - evalFraction));
        int[] val = Arrays.copyOfRange(all, split, all.length);
        return new TokenData(vocab, Arrays.copyOf(all, split), val.length < 2 ? null : val);
    }

    /** Entropy of the training tokens' unigram distribution, in nats: the loss a model that ignores context can reach. */
    public double unigramEntropy() {
        long[] counts = new long[vocabSize];
        for (int id : train) counts[id]++;
        double h = 0;
        for (long c : counts) {
            if (c == 0) continue;
            double p = (double) c / train.length;
            h -= p * Math.log(p);
        }
        return h;
    }
}
