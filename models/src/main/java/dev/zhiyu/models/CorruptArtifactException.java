package dev.zhiyu.models;

/** An artifact's files do not match the checksum recorded at training time (or are missing): it is not loaded. */
public final class CorruptArtifactException extends RuntimeException {
    public CorruptArtifactException(String message) {
        super(message);
    }
}
