package dev.zhiyu.server.platform;

import com.zaxxer.hikari.HikariDataSource;
import dev.zhiyu.server.ServerConfig;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The platform database and everything that hangs off it: tenants, users, keys, sessions, tenant stores. */
public final class Platform implements AutoCloseable {
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

    private final HikariDataSource platformDs;
    private final TenantDatabases databases;
    private final TenantService tenants;
    private final UserService users;
    private final ApiKeyService keys;
    private final SessionService sessions;
    private final TenantStores stores;
    private final TenantAudit audit;
    private final UsageStore usage;

    /** The tenant-database secret, read from the platform database once it is open and migrated. */
    private Supplier<byte[]> tenantDbKey() {
        AtomicReference<byte[]> key = new AtomicReference<>();
        return () -> key.updateAndGet(k -> k != null ? k : TenantRoles.platformKey(Jdbi.create(this.platformDs)));
    }

    public static Platform open(ServerConfig config) {
        return new Platform(config, UnaryOperator.identity());
    }

    /** {@code wrapDatabases} lets tests interpose on tenant database creation. */
    Platform(ServerConfig config, UnaryOperator<TenantDatabases> wrapDatabases) {
        TenantDatabases dbs;
        if (config.usesPostgres()) {
            Databases.PostgresUrl url = Databases.PostgresUrl.parse(config.platformDbUrl());
            if (!Databases.postgresDatabaseExists(url, config.platformDbUser(), config.platformDbPassword(), url.database())) {
                Databases.onMaintenanceDb(url, config.platformDbUser(), config.platformDbPassword(),
                        "CREATE DATABASE \"" + url.database() + "\" TEMPLATE template0 ENCODING 'UTF8'");
            }
            dbs = new PostgresTenantDatabases(url, config.platformDbUser(), config.platformDbPassword(),
                    config.tenantDbPoolSize(), new TenantRoles(tenantDbKey()));
        } else {
            dbs = new H2TenantDatabases(config.dataDir(), config.tenantDbPoolSize());
        }
        this.platformDs = Databases.pool("zhiyu-platform", config.platformDbUrl(), config.platformDbUser(),
                config.platformDbPassword(), 8);
        try {
            Databases.migratePlatform(platformDs);
        } catch (RuntimeException e) {
            platformDs.close();
            throw e;
        }
        Jdbi jdbi = Jdbi.create(platformDs);
        this.databases = wrapDatabases.apply(dbs);
        this.tenants = new TenantService(jdbi, databases, new PlatformAudit(jdbi));
        this.users = new UserService(jdbi);
        this.keys = new ApiKeyService(jdbi);
        this.sessions = new SessionService(jdbi, tenants, users);
        this.stores = new TenantStores(databases, tenants);
        this.audit = new TenantAudit(stores);
        this.usage = new UsageStore(stores);
    }

    /** Server start-up: undo interrupted tenant creations and migrate every tenant database. */
    public void startUp() {
        tenants.recoverAndMigrate();
    }

    public TenantService tenants() {
        return tenants;
    }

    public UserService users() {
        return users;
    }

    public ApiKeyService keys() {
        return keys;
    }

    public SessionService sessions() {
        return sessions;
    }

    /** The tenant databases themselves (tests look at the PostgreSQL roles behind them). */
    TenantDatabases databases() {
        return databases;
    }

    public TenantStores stores() {
        return stores;
    }

    public TenantAudit audit() {
        return audit;
    }

    public UsageStore usage() {
        return usage;
    }

    public Optional<Principal> authenticateKey(String presented) {
        return keys.authenticate(presented);
    }

    public Optional<Principal> resolveSession(String token) {
        return sessions.resolve(token);
    }

    /** Checks the platform database and every tenant database in parallel, each within a few seconds. */
    public HealthReport health() {
        boolean platformUp = ping(platformDs);
        Map<String, Boolean> tenantUp = new LinkedHashMap<>();
        if (platformUp) {
            List<Tenant> all = tenants.list().stream().filter(t -> t.status() != TenantStatus.PROVISIONING).toList();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Map<String, Future<Boolean>> checks = new LinkedHashMap<>();
                for (Tenant t : all) {
                    checks.put(t.slug(), ex.submit(() -> tenants.unavailableReason(t.slug()).isEmpty()
                            && ping(databases.dataSource(t.slug()))));
                }
                checks.forEach((slug, f) -> tenantUp.put(slug, result(f)));
                ex.shutdownNow();
            }
        }
        return new HealthReport(platformUp, tenantUp);
    }

    private static boolean result(Future<Boolean> f) {
        try {
            return f.get(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean ping(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.isValid((int) HEALTH_TIMEOUT.toSeconds());
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        databases.close();
        platformDs.close();
    }
}
