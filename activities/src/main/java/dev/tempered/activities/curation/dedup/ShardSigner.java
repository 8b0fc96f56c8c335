package dev.tempered.activities.curation.dedup;

import dev.tempered.activities.curation.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Step 1 of MinHash dedup, run once per shard: computes each document's signature and appends
 * its band keys to the shard's band file of every bucket ({@link BandFile#path}). A document's
 * index is its position in the shard's iteration order, counting every document (also those too
 * short to sign), so the drop lists of step 3 refer to the same positions when the shard is
 * read again.
 *
 * <p>Holds no more than one document and one signature in memory. Knows nothing of Temporal or
 * object storage: the activity that calls it brings the documents and uploads the directory.
 */
public final class ShardSigner {
    /** What one shard produced: documents seen, signed, and skipped for having fewer than n words. */
    public record Result(int shard, int documents, int signed, int tooShort) {}

    private ShardSigner() {}

    public static Result sign(int shard, Iterator<Document> documents, Path bandDir, MinHashConfig config)
            throws IOException {
        MinHashSignature signature = new MinHashSignature(config);
        long[] sig = new long[config.numHashes()];
        BandFile.Writer[] writers = new BandFile.Writer[config.numBuckets()];
        int doc = 0;
        int signed = 0;
        boolean complete = false;
        try {
            for (int k = 0; k < writers.length; k++) {
                writers[k] = new BandFile.Writer(BandFile.path(bandDir, k, shard), config, k, shard);
            }
            while (documents.hasNext()) {
                if (doc == Integer.MAX_VALUE) {
                    throw new IllegalStateException("shard " + shard + " has more than 2^31-1 documents; split it");
                }
                Document d = documents.next();
                if (signature.compute(d.text(), sig)) {
                    for (int k = 0; k < writers.length; k++) {
                        writers[k].write(doc, sig, k * config.hashesPerBucket());
                    }
                    signed++;
                }
                doc++;
            }
            for (BandFile.Writer w : writers) {
                w.close();
            }
            complete = true;
        } finally {
            if (!complete) {
                // A shard either has all its band files or none: a partial set would silently
                // lose duplicates, so failed writers remove their temporary files.
                for (BandFile.Writer w : writers) {
                    if (w != null) {
                        w.abort();
                    }
                }
            }
        }
        return new Result(shard, doc, signed, doc - signed);
    }
}
