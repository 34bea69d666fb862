package dev.zhiyu.models;

import java.time.Instant;

/**
 * An immutable, versioned set of corrected examples of one purpose: {@code version} counts up per purpose, and a new
 * snapshot never changes an older one. {@code heldOut} of the {@code examples} are kept out of training to evaluate.
 */
public record DatasetSnapshot(String id, String purpose, int version, int examples, int heldOut, int conflictsLeftOut,
                              String sha256, Instant createdAt, String createdBy) {
}
