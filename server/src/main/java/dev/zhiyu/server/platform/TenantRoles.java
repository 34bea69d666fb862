package dev.zhiyu.server.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * One PostgreSQL login role per tenant database, named like the database, owning it and everything in it, with no
 * other rights: CONNECT is revoked from PUBLIC, so a tenant's connections cannot open another tenant's database,
 * and they are not the configured (super)user. Its password is an HMAC of the role name under a secret kept in the
 * platform database, so nothing per tenant needs storing.
 */
final class TenantRoles {
    private static final String SECRET = "tenant-db";

    private final Supplier<byte[]> key;

    TenantRoles(Supplier<byte[]> key) {
        this.key = key;
    }

    /** The platform's tenant-database secret, created on first use. */
    static byte[] platformKey(Jdbi platform) {
        return platform.inTransaction(h -> {
            String secret = h.createQuery("SELECT secret FROM platform_secrets WHERE name = :n").bind("n", SECRET)
                    .mapTo(String.class).findOne().orElse(null);
            if (secret == null) {
                secret = Secrets.token(32);
                h.createUpdate("INSERT INTO platform_secrets (name, secret) VALUES (:n, :s)").bind("n", SECRET)
                        .bind("s", secret).execute();
            }
            return secret.getBytes(StandardCharsets.US_ASCII);
        });
    }

    String password(String role) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(role.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code db}'s role exist with its password and own the database, its schema and every object in it (a
     * database created before roles existed is adopted). Runs as the configured administrator.
     */
    void adopt(Databases.PostgresUrl server, String admin, String adminPassword, String db) {
        String role = db;
        Databases.onMaintenanceDb(server, admin, adminPassword, """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE "%1$s" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
                  END IF;
                END $$;
                ALTER ROLE "%1$s" PASSWORD '%2$s';
                ALTER DATABASE "%3$s" OWNER TO "%1$s";
                REVOKE ALL ON DATABASE "%3$s" FROM PUBLIC;
                """.formatted(role, password(role), db));
        try (Connection c = DriverManager.getConnection(server.withDatabase(db), admin, adminPassword);
             Statement s = c.createStatement()) {
            s.execute("""
                    ALTER SCHEMA public OWNER TO "%1$s";
                    DO $$ DECLARE r record; BEGIN
                      FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                                 AND pg_get_userbyid(c.relowner) <> '%1$s'
                                 AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                                      WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
                      LOOP EXECUTE format('ALTER TABLE %%s OWNER TO %%I', r.name, '%1$s'); END LOOP;
                    END $$;
                    """.formatted(role));
        } catch (SQLException e) {
            throw Failure.unavailable("租户库 " + db + " 的专属角色设置失败：" + e.getMessage(), e);
        }
    }

    void drop(Databases.PostgresUrl server, String admin, String adminPassword, String db) {
        Databases.onMaintenanceDb(server, admin, adminPassword, "DROP ROLE IF EXISTS \"" + db + "\"");
    }
}
