package dev.zhiyu.server.platform;

import java.time.Instant;

/** An API key as listed: never the secret, which is shown once in {@link IssuedKey}. */
public record ApiKey(long id, long tenantId, String prefix, String name, Role role, String createdBy,
                     Instant createdAt, Instant revokedAt) {
}
