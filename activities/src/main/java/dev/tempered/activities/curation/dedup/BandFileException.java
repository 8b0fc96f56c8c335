package dev.tempered.activities.curation.dedup;

import java.io.IOException;
import java.nio.file.Path;

/** A band file that is not what it claims to be: wrong magic, version, config, size or checksum. */
public final class BandFileException extends IOException {
    private final Path file;
    private final long offset;

    BandFileException(Path file, long offset, String problem) {
        super(file + " at byte offset " + offset + ": " + problem
                + "; rerun the minhash signature step for this shard to rewrite its band files");
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
