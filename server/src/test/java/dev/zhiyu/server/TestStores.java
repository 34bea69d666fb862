package dev.zhiyu.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Where a test's server keeps its data: a fresh H2 data directory, or a fresh platform database on the real
 * PostgreSQL (127.0.0.1:5432 unless ZHIYU_TEST_PG_URL says otherwise), dropped with its tenant databases afterwards.
 */
public sealed interface TestStores extends AutoCloseable {

    /** The configuration keys of a server on this store (port 0, loopback, no demo tenant), plus {@code extra}. */
    Map<String, String> properties(Map<String, String> extra);

    default ServerConfig config(Map<String, String> extra) {
        return ServerConfig.fromMap(properties(extra));
    }

    default ServerConfig config() {
        return config(Map.of());
    }

    @Override
    void close();

    static TestStores h2() {
        try {
            return new H2(Files.createTempDirectory("zhiyu-test-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestStores postgres() {
        return new Postgres(System.getenv().getOrDefault("ZHIYU_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/"),
                "zt" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT));
    }

    record H2(Path dir) implements TestStores {
        @Override
        public Map<String, String> properties(Map<String, String> extra) {
            Map<String, String> m = new HashMap<>(Map.of("zhiyu.data.dir", dir.toString(), "zhiyu.port", "0",
                    "zhiyu.host", "127.0.0.1", "zhiyu.demo", "false"));
            m.putAll(extra);
            return m;
        }

        @Override
        public void close() {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }

    record Postgres(String serverUrl, String platformDb) implements TestStores {
        public Postgres {
            try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "")) {
                c.isValid(2);
            } catch (SQLException e) {
                throw new IllegalStateException("这些测试需要 PostgreSQL（" + serverUrl + "，用户 postgres，trust 认证）："
                        + e.getMessage() + "。请先启动它：pg_ctlcluster --skip-systemctl-redirect 15 main start", e);
            }
        }

        @Override
        public Map<String, String> properties(Map<String, String> extra) {
            Map<String, String> m = new HashMap<>(Map.of("zhiyu.platform.db.url", serverUrl + platformDb,
                    "zhiyu.platform.db.user", "postgres", "zhiyu.port", "0", "zhiyu.host", "127.0.0.1",
                    "zhiyu.demo", "false", "zhiyu.data.dir", dir().toString()));
            m.putAll(extra);
            return m;
        }

        /**
         * The files beside the databases (knowledge graphs, models, report originals), this store's own: two test runs
         * at once (or two stores in one run) must not share a tenant's graph lock.
         */
        public Path dir() {
            return Path.of(System.getProperty("java.io.tmpdir"), "zhiyu-pg-" + platformDb);
        }

        public List<String> databases() {
            List<String> names = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + platformDb + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return names;
        }

        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                for (String db : databases()) {
                    s.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
                    s.execute("DROP ROLE IF EXISTS \"" + db + "\""); // a tenant database's own role
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (Files.exists(dir())) {
                try (var files = Files.walk(dir())) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp directory left behind is harmless
                }
            }
        }
    }
}
