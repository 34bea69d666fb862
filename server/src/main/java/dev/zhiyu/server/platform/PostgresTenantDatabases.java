package dev.zhiyu.server.platform;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Production: one PostgreSQL database per tenant, named {@code <platform db>_t_<slug>}, on the platform's server,
 * used through its own role ({@link TenantRoles}); the configured user only creates, adopts and drops them.
 */
final class PostgresTenantDatabases extends PooledTenantDatabases {
    private final Databases.PostgresUrl platformUrl;
    private final String user;
    private final String password;
    private final TenantRoles roles;
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();

    PostgresTenantDatabases(Databases.PostgresUrl platformUrl, String user, String password, int poolSize,
                            TenantRoles roles) {
        super(poolSize);
        this.platformUrl = platformUrl;
        this.user = user;
        this.password = password;
        this.roles = roles;
    }

    /** The tenant's pool, connected as its role; a database from before roles is adopted by it first. */
    @Override
    public DataSource dataSource(String slug) {
        String db = databaseName(slug);
        if (!adopted.contains(db)) {
            roles.adopt(platformUrl, user, password, db);
            adopted.add(db);
        }
        return super.dataSource(slug);
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    String databaseName(String slug) {
        // Slugs are [a-z][a-z0-9-]*, so the name is a safe identifier once '-' becomes '_'.
        return platformUrl.database() + "_t_" + slug.replace('-', '_');
    }

    @Override
    String jdbcUrl(String slug) {
        return platformUrl.withDatabase(databaseName(slug));
    }

    @Override
    String user(String slug) {
        return databaseName(slug);
    }

    @Override
    String password(String slug) {
        return roles.password(databaseName(slug));
    }

    @Override
    public String create(String slug) {
        String db = databaseName(slug);
        if (Databases.postgresDatabaseExists(platformUrl, user, password, db)) {
            throw Failure.conflict("slug", "PostgreSQL 中已有数据库 " + db);
        }
        Databases.onMaintenanceDb(platformUrl, user, password, "CREATE DATABASE \"" + db + "\" TEMPLATE template0 ENCODING 'UTF8'");
        roles.adopt(platformUrl, user, password, db);
        adopted.add(db);
        return db;
    }

    @Override
    public void drop(String slug) {
        closePool(slug);
        Databases.onMaintenanceDb(platformUrl, user, password,
                "DROP DATABASE IF EXISTS \"" + databaseName(slug) + "\" WITH (FORCE)");
        roles.drop(platformUrl, user, password, databaseName(slug));
        adopted.remove(databaseName(slug));
    }
}
