package dev.zhiyu.server.platform;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** Hands out the database of a tenant, and only of that tenant: callers pass the {@link Tenant} of their principal. */
public final class TenantStores {
    private final TenantDatabases databases;
    private final TenantService tenants;
    private final ConcurrentMap<String, Jdbi> jdbis = new ConcurrentHashMap<>();

    TenantStores(TenantDatabases databases, TenantService tenants) {
        this.databases = databases;
        this.tenants = tenants;
    }

    public Jdbi jdbi(Tenant tenant) {
        tenants.unavailableReason(tenant.slug()).ifPresent(reason -> {
            throw Failure.unavailable("租户数据库暂不可用：" + reason, null);
        });
        return jdbis.computeIfAbsent(tenant.slug(), s -> Jdbi.create(databases.dataSource(s)));
    }

    public DataSource dataSource(Tenant tenant) {
        return databases.dataSource(tenant.slug());
    }
}
