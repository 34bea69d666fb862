package dev.zhiyu.server.platform;

import java.time.Instant;

public record Tenant(long id, String slug, String name, TenantStatus status, String dbKind, String dbName,
                     Instant createdAt) {
}
