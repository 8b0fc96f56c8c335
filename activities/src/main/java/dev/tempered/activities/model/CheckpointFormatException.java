package dev.tempered.activities.model;

import dev.tempered.activities.InvalidStageInputException;

/**
 * A checkpoint (or a config saved beside one) cannot be used: not our format, another version,
 * truncated or corrupt bytes, or a model shape other than the one asked for. Retrying cannot help.
 */
public class CheckpointFormatException extends InvalidStageInputException {
    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
