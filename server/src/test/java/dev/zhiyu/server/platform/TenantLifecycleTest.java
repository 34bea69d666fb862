package dev.zhiyu.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.TestStores;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Restarts keep everything; a tenant whose database creation fails midway leaves nothing registered. */
class TenantLifecycleTest {

    static List<Supplier<TestStores>> stores() {
        return List.of(TestStores::h2, TestStores::postgres);
    }

    /** Creates the database, then fails before migrating it: the worst moment to be cut off. */
    static UnaryOperator<TenantDatabases> failingAfterCreate() {
        return real -> new TenantDatabases() {
            @Override
            public String kind() {
                return real.kind();
            }

            @Override
            public String create(String slug) {
                String name = real.create(slug);
                if (slug.startsWith("doomed")) {
                    throw Failure.unavailable("simulated failure after creating " + name, null);
                }
                return name;
            }

            @Override
            public void drop(String slug) {
                real.drop(slug);
            }

            @Override
            public DataSource dataSource(String slug) {
                return real.dataSource(slug);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @ParameterizedTest
    @MethodSource("stores")
    void failedCreationLeavesNoTenantAndNoDatabase(Supplier<TestStores> kind) {
        try (TestStores s = kind.get(); Platform p = new Platform(s.config(), failingAfterCreate())) {
            Failure f = assertThrows(Failure.class, () -> p.tenants().create("doomed", "注定失败", "test"));
            assertTrue(f.getMessage().contains("simulated"), f.getMessage());
            assertTrue(p.tenants().find("doomed").isEmpty(), "no half-registered tenant");
            assertNoDatabase(s, "doomed");
            Tenant ok = p.tenants().create("healthy", "正常", "test");
            assertEquals(TenantStatus.ACTIVE, ok.status());
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void startUpUndoesACreationThatWasCutOff(Supplier<TestStores> kind) {
        try (TestStores s = kind.get()) {
            try (Platform p = Platform.open(s.config())) {
                p.tenants().create("survivor", "幸存", "test");
            }
            simulateCrashMidCreation(s.config(), "crashed");
            try (Platform p = Platform.open(s.config())) {
                assertEquals(TenantStatus.PROVISIONING, p.tenants().get("crashed").status());
                p.startUp();
                assertTrue(p.tenants().find("crashed").isEmpty());
                assertNoDatabase(s, "crashed");
                assertEquals(TenantStatus.ACTIVE, p.tenants().get("survivor").status());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void restartLosesNothingAndMigrationsAreIdempotent(Supplier<TestStores> kind) {
        try (TestStores s = kind.get()) {
            long tenantId;
            try (Platform p = Platform.open(s.config())) {
                p.startUp();
                Tenant t = p.tenants().create("keeper", "保管", "test");
                tenantId = t.id();
                p.users().create(tenantId, "ann", "安", "operator", "long-enough-pw");
                p.keys().create(tenantId, "k", "admin", "test");
            }
            int migrationsBefore = migrationRows(s.config());
            for (int restart = 0; restart < 2; restart++) {
                try (Platform p = Platform.open(s.config())) {
                    p.startUp();
                    assertEquals(List.of("ann"), p.users().list(tenantId).stream().map(User::username).toList());
                    assertEquals(1, p.keys().list(tenantId).size());
                    assertTrue(p.health().allUp());
                }
            }
            assertEquals(migrationsBefore, migrationRows(s.config()), "re-running migrations adds nothing");
        }
    }

    private static void simulateCrashMidCreation(ServerConfig config, String slug) {
        try (Platform p = new Platform(config, real -> {
            real.create(slug);
            return real;
        })) {
            p.tenants();
        }
        try (Platform p = Platform.open(config)) {
            Jdbi.create(platformDs(p)).useHandle(h -> h.execute("""
                    INSERT INTO tenants (slug, name, status, db_kind, db_name, created_at, updated_at)
                    VALUES (?, 'x', 'PROVISIONING', 'h2', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""", slug));
        }
    }

    private static DataSource platformDs(Platform p) {
        try {
            var f = Platform.class.getDeclaredField("platformDs");
            f.setAccessible(true);
            return (DataSource) f.get(p);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int migrationRows(ServerConfig config) {
        try (Platform p = Platform.open(config)) {
            int platformRows = Jdbi.create(platformDs(p)).withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM \"flyway_schema_history\"").mapTo(Integer.class).one());
            int tenantRows = p.tenants().list().stream().mapToInt(t -> p.stores().jdbi(t).withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM \"flyway_schema_history\"").mapTo(Integer.class).one())).sum();
            return platformRows + tenantRows;
        }
    }

    private static void assertNoDatabase(TestStores s, String slug) {
        if (s instanceof TestStores.H2 h2) {
            assertTrue(Files.notExists(h2.dir().resolve("tenants").resolve(slug)), "H2 files of " + slug + " removed");
        } else if (s instanceof TestStores.Postgres pg) {
            assertTrue(pg.databases().stream().noneMatch(db -> db.endsWith("_t_" + slug)), pg.databases().toString());
        }
    }

}
