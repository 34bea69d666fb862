package dev.zhiyu.server.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/** The pool bookkeeping shared by the H2 and PostgreSQL layouts. */
abstract class PooledTenantDatabases implements TenantDatabases {
    private final ConcurrentMap<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final int poolSize;

    PooledTenantDatabases(int poolSize) {
        this.poolSize = poolSize;
    }

    abstract String jdbcUrl(String slug);

    abstract String user(String slug);

    abstract String password(String slug);

    @Override
    public DataSource dataSource(String slug) {
        return pools.computeIfAbsent(slug,
                s -> Databases.pool("zhiyu-tenant-" + s, jdbcUrl(s), user(s), password(s), poolSize));
    }

    void closePool(String slug) {
        HikariDataSource ds = pools.remove(slug);
        if (ds != null) {
            ds.close();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
