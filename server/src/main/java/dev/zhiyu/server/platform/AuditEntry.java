package dev.zhiyu.server.platform;

import java.time.Instant;

/** One line of a tenant's audit log: who did what to which target. */
public record AuditEntry(long id, Instant at, String actorKind, Long actorId, String actorName, String action,
                         String target, String detail, String ip) {
}
