package dev.zhiyu.server.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers tenants and their databases; a tenant is registered only once its database exists and is migrated. */
public final class TenantService {
    private static final Logger LOG = LoggerFactory.getLogger(TenantService.class);

    private final Jdbi platform;
    private final TenantDatabases databases;
    private final PlatformAudit audit;
    /** Tenants whose database failed to migrate at start-up: served 503 until fixed, without stopping the others. */
    private final Map<String, String> broken = new ConcurrentHashMap<>();

    TenantService(Jdbi platform, TenantDatabases databases, PlatformAudit audit) {
        this.platform = platform;
        this.databases = databases;
        this.audit = audit;
    }

    public Tenant create(String slug, String name, String actor) {
        Validation.slug("slug", slug);
        String cleanName = Validation.text("name", name, 200);
        if (find(slug).isPresent()) {
            throw Failure.conflict("slug", "租户 " + slug + " 已存在");
        }
        long id = insertProvisioning(slug, cleanName);
        try {
            String dbName = databases.create(slug);
            Databases.migrateTenant(databases.dataSource(slug));
            platform.useHandle(h -> h.createUpdate(
                            "UPDATE tenants SET status = 'ACTIVE', db_name = :db, updated_at = :now WHERE id = :id")
                    .bind("db", dbName).bind("now", Rows.now()).bind("id", id).execute());
        } catch (RuntimeException e) {
            // A conflict means a database of that name was there before us: it is not ours to drop.
            boolean oursToDrop = !(e instanceof Failure f && f.kind() == Failure.Kind.CONFLICT);
            discard(id, slug, oursToDrop);
            throw e;
        }
        audit.record(actor, "tenant.create", id, slug + " " + cleanName + " (" + databases.kind() + ")");
        return get(slug);
    }

    private long insertProvisioning(String slug, String name) {
        try {
            return platform.withHandle(h -> h.createUpdate("""
                            INSERT INTO tenants (slug, name, status, db_kind, db_name, created_at, updated_at)
                            VALUES (:slug, :name, 'PROVISIONING', :kind, '', :now, :now)""")
                    .bind("slug", slug).bind("name", name).bind("kind", databases.kind()).bind("now", Rows.now())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            throw Failure.conflict("slug", "租户 " + slug + " 已存在");
        }
    }

    private void discard(long id, String slug, boolean dropDatabase) {
        if (dropDatabase) {
            try {
                databases.drop(slug);
            } catch (RuntimeException dropFailure) {
                LOG.error("租户 {} 创建失败后未能删除其数据库，请手工清理", slug, dropFailure);
            }
        }
        platform.useHandle(h -> h.createUpdate("DELETE FROM tenants WHERE id = :id").bind("id", id).execute());
    }

    public List<Tenant> list() {
        return platform.withHandle(h -> h.createQuery("SELECT * FROM tenants ORDER BY id")
                .map((rs, ctx) -> Rows.tenant(rs)).list());
    }

    public Optional<Tenant> find(String slug) {
        return platform.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE slug = :slug")
                .bind("slug", slug).map((rs, ctx) -> Rows.tenant(rs)).findOne());
    }

    public Tenant get(String slug) {
        return find(slug).orElseThrow(() -> Failure.notFound("没有租户 " + slug));
    }

    /** Disabling keeps every row of the tenant; it only stops access. */
    public Tenant setStatus(String slug, TenantStatus status, String actor) {
        if (status == TenantStatus.PROVISIONING) {
            throw Failure.invalid("status", "不能手工设为 PROVISIONING");
        }
        Tenant t = get(slug);
        if (t.status() == TenantStatus.PROVISIONING) {
            throw Failure.conflict("slug", "租户 " + slug + " 仍在创建中");
        }
        platform.useHandle(h -> h.createUpdate("UPDATE tenants SET status = :s, updated_at = :now WHERE id = :id")
                .bind("s", status.name()).bind("now", Rows.now()).bind("id", t.id()).execute());
        audit.record(actor, status == TenantStatus.DISABLED ? "tenant.disable" : "tenant.enable", t.id(), slug);
        return get(slug);
    }

    /** Start-up: removes tenants whose creation was cut off, then migrates every remaining tenant database. */
    void recoverAndMigrate() {
        for (Tenant t : list()) {
            if (t.status() == TenantStatus.PROVISIONING) {
                LOG.warn("租户 {} 上次创建未完成，撤销之", t.slug());
                discard(t.id(), t.slug(), true);
                continue;
            }
            try {
                Databases.migrateTenant(databases.dataSource(t.slug()));
                broken.remove(t.slug());
            } catch (RuntimeException e) {
                broken.put(t.slug(), String.valueOf(e.getMessage()));
                LOG.error("租户 {} 的数据库迁移失败；该租户暂不可用，其他租户照常服务", t.slug(), e);
            }
        }
    }

    /** Platform actions (tenants created, disabled, enabled), newest first. */
    public java.util.List<PlatformAudit.Entry> history(int limit) {
        return audit.recent(limit);
    }

    /** Why the tenant's database cannot be used right now, if it cannot. */
    public Optional<String> unavailableReason(String slug) {
        return Optional.ofNullable(broken.get(slug));
    }
}
