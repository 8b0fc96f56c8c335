package dev.tempered.activities.tokenizer;

import java.io.IOException;

/** A tokenizer file is not valid: the message names the file, the line and what is wrong. */
public final class TokenizerFormatException extends IOException {
    private final String file;
    private final int line;

    TokenizerFormatException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based line number, 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
