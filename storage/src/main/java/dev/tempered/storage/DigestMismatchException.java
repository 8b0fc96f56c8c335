package dev.tempered.storage;

import java.io.IOException;

/** Bytes read back do not hash to the digest they are stored under: corruption in storage. */
public class DigestMismatchException extends IOException {
    public DigestMismatchException(String expected, String actual, long bytesRead) {
        super("artifact " + expected + " is corrupt: its " + bytesRead + " bytes hash to " + actual
                + "; delete the object and re-run the stage that produced it");
    }
}
