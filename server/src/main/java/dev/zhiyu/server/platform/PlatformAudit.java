package dev.zhiyu.server.platform;

import org.jdbi.v3.core.Jdbi;

/** Platform-level actions (tenants created, disabled, enabled), kept in the platform database. */
public final class PlatformAudit {
    private final Jdbi jdbi;

    PlatformAudit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A platform action: when, who, what, on which tenant (null: none). */
    public record Entry(long id, java.time.Instant at, String actor, String action, Long tenantId, String detail) {
    }

    /** Newest first. */
    java.util.List<Entry> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM platform_audit ORDER BY id DESC LIMIT :n")
                .bind("n", limit)
                .map((rs, ctx) -> {
                    long tenant = rs.getLong("tenant_id");
                    return new Entry(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                            rs.wasNull() ? null : tenant, rs.getString("detail"));
                }).list());
    }

    void record(String actor, String action, Long tenantId, String detail) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO platform_audit (at, actor, action, tenant_id, detail)
                        VALUES (:at, :actor, :action, :tenantId, :detail)""")
                .bind("at", Rows.now()).bind("actor", actor).bind("action", action)
                .bind("tenantId", tenantId).bind("detail", detail).execute());
    }
}
