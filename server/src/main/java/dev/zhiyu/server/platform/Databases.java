package dev.zhiyu.server.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection pools and Flyway migrations for the platform and tenant databases. */
final class Databases {
    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);
    private static final Pattern PG_URL = Pattern.compile("^jdbc:postgresql://([^/]+)/([A-Za-z0-9_]+)(\\?.*)?$");

    private Databases() {
    }

    static HikariDataSource pool(String name, String url, String user, String password, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        if (DurableH2.isH2(url)) {
            c.setDataSource(DurableH2.dataSource(url));
        } else {
            c.setJdbcUrl(url);
        }
        if (!user.isEmpty()) {
            c.setUsername(user);
        }
        if (!password.isEmpty()) {
            c.setPassword(password);
        }
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setIdleTimeout(120_000);
        c.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(c);
        if (DurableH2.isH2(url)) {
            H2Compactor.maintain(pool, url);
        }
        return pool;
    }

    static void migratePlatform(DataSource ds) {
        migrate(ds, "classpath:db/platform");
    }

    static void migrateTenant(DataSource ds) {
        migrate(ds, "classpath:db/tenant");
    }

    /**
     * Modules add tenant migrations under {@code db/tenant} in their own jars, versioned by timestamp
     * ({@code V202611221530__reports.sql}); out-of-order lets a module's older-stamped migration land later.
     */
    private static void migrate(DataSource ds, String location) {
        if (ds instanceof HikariDataSource pool && DurableH2.isH2(pool.getDataSource())) {
            awaitConnection(pool);
        }
        Flyway.configure().dataSource(ds).locations(location).failOnMissingLocations(true).outOfOrder(true)
                .load().migrate();
    }

    /**
     * Waits up to a minute for a first H2 connection. After a crash H2 first makes sure the killed process's lock
     * on the file is stale, which on a loaded machine took longer than one pool timeout and stopped a restart. Only
     * such waits are retried: a missing file, a wrong password or a damaged or unsupported file fails at once, with
     * the driver's own reason. The driver is asked directly, not through the pool, whose timeout would hide the
     * reason behind ten seconds of its own retries.
     */
    private static void awaitConnection(HikariDataSource pool) {
        DataSource driver = pool.getDataSource();
        String user = pool.getUsername() == null ? "" : pool.getUsername();
        String password = pool.getPassword() == null ? "" : pool.getPassword();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try (Connection c = driver.getConnection(user, password)) {
                return;
            } catch (SQLException e) {
                if (!worthWaiting(e)) {
                    throw Failure.unavailable("连不上数据库：" + e.getMessage(), e);
                }
                if (System.nanoTime() > deadline) {
                    throw Failure.unavailable("一分钟内连不上数据库：" + e.getMessage(), e);
                }
                LOG.warn("数据库暂不可用，继续等待：{}", e.getMessage());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.unavailable("等待数据库时被中断", e);
        }
    }

    /** A connection-class state, a file still held by another process, or an I/O hiccup. */
    private static boolean worthWaiting(SQLException reason) {
        String state = reason.getSQLState();
        return state != null && state.startsWith("08") || H2_WAITS.contains(reason.getErrorCode());
    }

    /** H2's DATABASE_ALREADY_OPEN_1, IO_EXCEPTION_1, IO_EXCEPTION_2, CONNECTION_BROKEN_1. */
    private static final java.util.Set<Integer> H2_WAITS = java.util.Set.of(90020, 90028, 90031, 90067);

    /** Parsed {@code jdbc:postgresql://host:port/db?params}. */
    record PostgresUrl(String hostPort, String database, String params) {
        static PostgresUrl parse(String url) {
            Matcher m = PG_URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("PostgreSQL URL 应形如 jdbc:postgresql://host:5432/zhiyu，当前为 " + url);
            }
            return new PostgresUrl(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3));
        }

        String withDatabase(String db) {
            return "jdbc:postgresql://" + hostPort + "/" + db + params;
        }
    }

    /** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
    static void onMaintenanceDb(PostgresUrl url, String user, String password, String sql) {
        try (HikariDataSource ds = pool("zhiyu-pg-admin", url.withDatabase("postgres"), user, password, 1);
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw Failure.unavailable("PostgreSQL 执行失败：" + e.getMessage(), e);
        }
    }

    static boolean postgresDatabaseExists(PostgresUrl url, String user, String password, String db) {
        try (HikariDataSource ds = pool("zhiyu-pg-admin", url.withDatabase("postgres"), user, password, 1);
             Connection c = ds.getConnection();
             var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Failure.unavailable("连不上 PostgreSQL " + url.hostPort() + "：" + e.getMessage(), e);
        }
    }
}
