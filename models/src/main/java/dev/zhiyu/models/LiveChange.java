package dev.zhiyu.models;

import java.time.Instant;

/** One promotion or rollback: {@code fromId} (null if nothing was live) was replaced by {@code toId}. */
public record LiveChange(String purpose, String fromId, String toId, Instant at, String by, String reason) {
}
