package dev.zhiyu.server.platform;

/** Production: one PostgreSQL database per tenant, named {@code <platform db>_t_<slug>}, on the platform's server. */
final class PostgresTenantDatabases extends PooledTenantDatabases {
    private final Databases.PostgresUrl platformUrl;
    private final String user;
    private final String password;

    PostgresTenantDatabases(Databases.PostgresUrl platformUrl, String user, String password, int poolSize) {
        super(poolSize);
        this.platformUrl = platformUrl;
        this.user = user;
        this.password = password;
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
    String user() {
        return user;
    }

    @Override
    String password() {
        return password;
    }

    @Override
    public String create(String slug) {
        String db = databaseName(slug);
        if (Databases.postgresDatabaseExists(platformUrl, user, password, db)) {
            throw Failure.conflict("slug", "PostgreSQL 中已有数据库 " + db);
        }
        Databases.onMaintenanceDb(platformUrl, user, password, "CREATE DATABASE \"" + db + "\" TEMPLATE template0 ENCODING 'UTF8'");
        return db;
    }

    @Override
    public void drop(String slug) {
        closePool(slug);
        Databases.onMaintenanceDb(platformUrl, user, password,
                "DROP DATABASE IF EXISTS \"" + databaseName(slug) + "\" WITH (FORCE)");
    }
}
