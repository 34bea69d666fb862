package dev.zhiyu.server.platform;

import java.time.Instant;

public record User(long id, long tenantId, String username, String displayName, Role role, boolean disabled,
                   Instant createdAt) {
}
