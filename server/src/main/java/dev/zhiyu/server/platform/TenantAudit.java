package dev.zhiyu.server.platform;

import java.util.List;

/** The audit log inside each tenant's own database. */
public final class TenantAudit {
    private static final String SELECT = "SELECT * FROM audit_log ";
    private final TenantStores stores;

    TenantAudit(TenantStores stores) {
        this.stores = stores;
    }

    public void record(Principal actor, String action, String target, String detail, String ip) {
        stores.jdbi(actor.tenant()).useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target, detail, ip)
                        VALUES (:at, :kind, :id, :name, :action, :target, :detail, :ip)""")
                .bind("at", Rows.now()).bind("kind", actor.kind().name().toLowerCase(java.util.Locale.ROOT))
                .bind("id", actor.credentialId()).bind("name", actor.name()).bind("action", action)
                .bind("target", target).bind("detail", detail).bind("ip", ip).execute());
    }

    /** Newest first; {@code beforeId} pages backwards. */
    public List<AuditEntry> list(Tenant tenant, int limit, Long beforeId) {
        return stores.jdbi(tenant).withHandle(h -> h.createQuery(SELECT
                        + (beforeId == null ? "" : "WHERE id < :before ") + "ORDER BY id DESC LIMIT :limit")
                .bind("before", beforeId).bind("limit", limit).map((rs, ctx) -> entry(rs)).list());
    }

    public AuditEntry get(Tenant tenant, long id) {
        return stores.jdbi(tenant).withHandle(h -> h.createQuery(SELECT + "WHERE id = :id")
                        .bind("id", id).map((rs, ctx) -> entry(rs)).findOne())
                .orElseThrow(() -> Failure.notFound("没有审计记录 " + id));
    }

    private static AuditEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        long actorId = rs.getLong("actor_id");
        return new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("actor_kind"),
                rs.wasNull() ? null : actorId, rs.getString("actor_name"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("ip"));
    }
}
