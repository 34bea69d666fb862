package dev.zhiyu.server.platform;

import org.jdbi.v3.core.Jdbi;

/** Platform-level actions (tenants created, disabled, enabled), kept in the platform database. */
final class PlatformAudit {
    private final Jdbi jdbi;

    PlatformAudit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void record(String actor, String action, Long tenantId, String detail) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO platform_audit (at, actor, action, tenant_id, detail)
                        VALUES (:at, :actor, :action, :tenantId, :detail)""")
                .bind("at", Rows.now()).bind("actor", actor).bind("action", action)
                .bind("tenantId", tenantId).bind("detail", detail).execute());
    }
}
