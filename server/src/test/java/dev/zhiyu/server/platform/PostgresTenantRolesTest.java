package dev.zhiyu.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL each tenant's connections log in as that tenant database's own role: not the configured
 * superuser, unable to open another tenant's database; a database whose objects another role owns is adopted.
 */
class PostgresTenantRolesTest {
    private static final String SERVER = System.getenv().getOrDefault("ZHIYU_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");

    @Test
    void aTenantsConnectionsUseItsOwnRoleThatCannotReachAnotherTenant() throws Exception {
        try (TestStores.Postgres stores = (TestStores.Postgres) TestStores.postgres()) {
            String dbA;
            String dbB;
            try (Platform p = Platform.open(stores.config())) {
                p.startUp();
                Tenant a = p.tenants().create("alpha", "甲证券", "test");
                p.tenants().create("beta", "乙证券", "test");
                dbA = stores.platformDb() + "_t_alpha";
                dbB = stores.platformDb() + "_t_beta";
                try (Connection c = p.stores().dataSource(a).getConnection(); Statement s = c.createStatement()) {
                    assertEquals(dbA, one(s, "SELECT current_user"));
                    assertEquals("false", one(s, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
                    assertEquals(dbA, one(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_schema_history'"));
                    assertThrows(SQLException.class, () -> s.execute("CREATE DATABASE escape_attempt"));
                }
                String password = ((PostgresTenantDatabases) p.databases()).password("alpha");
                SQLException refused = assertThrows(SQLException.class,
                        () -> DriverManager.getConnection(SERVER + dbB, dbA, password).close());
                assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            }
            // A database from before roles: its tables owned by the administrator. The next start adopts it.
            try (Connection admin = DriverManager.getConnection(SERVER + dbA, "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("ALTER TABLE flyway_schema_history OWNER TO postgres");
            }
            try (Platform p = Platform.open(stores.config())) {
                p.startUp();
                Tenant a = p.tenants().find("alpha").orElseThrow();
                try (Connection c = p.stores().dataSource(a).getConnection(); Statement s = c.createStatement()) {
                    assertEquals(dbA, one(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_schema_history'"));
                }
                p.databases().drop("alpha");
            }
            try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                 Statement s = admin.createStatement()) {
                assertFalse(Boolean.parseBoolean(one(s, "SELECT (count(*) > 0)::text FROM pg_roles WHERE rolname = '" + dbA + "'")),
                        "a dropped tenant's role goes with its database");
            }
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
