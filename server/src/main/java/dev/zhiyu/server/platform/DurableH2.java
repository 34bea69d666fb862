package dev.zhiyu.server.platform;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * H2 connections on which a commit that returns is on disk, so it survives {@code kill -9}.
 *
 * <p>Why this is needed (measured with a kill harness against H2 2.5.252, see README "Durability"): H2's MVStore has
 * no write-ahead log. With the default {@code WRITE_DELAY} a commit only marks pages dirty and a background thread
 * writes them later through two executors, so a killed process loses the last 0.5–1 s of confirmed commits. With
 * {@code WRITE_DELAY=0} every store is synchronous, but a commit only <em>tries</em> to store and gives up when
 * another thread is storing, so under concurrency a confirmed commit can still be missing. {@code CHECKPOINT} waits
 * for the store lock and writes everything committed before it; this class runs it after every commit and after
 * every auto-committed write, on the same connection (also through {@code AUTO_SERVER}, where it runs in the
 * process that owns the file). Even so, a chunk written into reused free space in the middle of the file was
 * sometimes not found again after a kill (the platform database, small and rewritten all the time, lost a revoked
 * key and new users), so new chunks always go at the end ({@code REUSE_SPACE=FALSE}) and {@link H2Compactor}
 * reclaims the space while this class holds every commit of that database back ({@link #gate}).
 */
final class DurableH2 {
    private static final Set<String> WRITES = Set.of("executeUpdate", "executeLargeUpdate", "executeBatch",
            "executeLargeBatch");

    static {
        // AUTO_SERVER opens a TCP port so that the CLI can use a file the server holds; only local processes need
        // it, so H2 binds it (and names it in the .lock.db file) on loopback, whatever zhiyu.host says.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private DurableH2() {
    }

    static boolean isH2(String url) {
        return url.startsWith("jdbc:h2:");
    }

    /** Whether a pool's data source is one of these. */
    static boolean isH2(DataSource source) {
        return source instanceof Source;
    }

    /** The URL with synchronous stores; a later {@code WRITE_DELAY} in the URL would be overridden. */
    static String durableUrl(String url) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0;REUSE_SPACE=FALSE";
    }

    static DataSource dataSource(String url) {
        return new Source(durableUrl(url));
    }

    /**
     * The database's gate: commits (with their checkpoint) pass it shared; {@link H2Compactor} takes it exclusively
     * while free space may be reused, so no commit is acknowledged from a chunk written there.
     */
    static ReadWriteLock gate(String durableUrl) {
        return GATES.computeIfAbsent(durableUrl, u -> new ReentrantReadWriteLock());
    }

    private static final Map<String, ReadWriteLock> GATES = new ConcurrentHashMap<>();

    private static Connection wrap(Connection raw, ReadWriteLock gate) {
        return (Connection) Proxy.newProxyInstance(DurableH2.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(raw, gate.readLock()));
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection raw;
        private final Lock gate;
        private Connection self;

        ConnectionHandler(Connection raw, Lock gate) {
            this.raw = raw;
            this.gate = gate;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            self = (Connection) proxy;
            boolean commits = m.getName().equals("commit") || m.getName().equals("setAutoCommit");
            if (!commits) {
                return afterCall(m, args, call(raw, m, args));
            }
            gate.lock();
            try {
                return afterCall(m, args, call(raw, m, args));
            } finally {
                gate.unlock();
            }
        }

        private Object afterCall(Method m, Object[] args, Object result) throws SQLException {
            switch (m.getName()) {
                // Switching auto-commit on commits an open transaction (JDBC 4.3); checkpointing again is cheap.
                case "commit" -> checkpoint();
                case "setAutoCommit" -> {
                    if (Boolean.TRUE.equals(args[0])) {
                        checkpoint();
                    }
                }
                case "createStatement", "prepareStatement", "prepareCall" -> {
                    return statement((Statement) result, m.getReturnType());
                }
                default -> {
                }
            }
            return result;
        }

        private Object statement(Statement s, Class<?> type) {
            return Proxy.newProxyInstance(DurableH2.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, m, args) -> {
                        if (m.getName().equals("getConnection")) {
                            return self;
                        }
                        if (!m.getName().startsWith("execute") || !raw.getAutoCommit()) {
                            return call(s, m, args);
                        }
                        gate.lock();
                        try {
                            Object result = call(s, m, args);
                            if (writes(m, result)) {
                                checkpoint();
                            }
                            return result;
                        } finally {
                            gate.unlock();
                        }
                    });
        }

        /** A plain {@code execute} that returned no result set changed something (DML or DDL). */
        private static boolean writes(Method m, Object result) {
            return WRITES.contains(m.getName()) || (m.getName().equals("execute") && Boolean.FALSE.equals(result));
        }

        private void checkpoint() throws SQLException {
            try (Statement s = raw.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A minimal {@link DataSource} for HikariCP: H2's own driver, every connection wrapped. */
    private static final class Source implements DataSource {
        private final String url;
        /** Hikari sets it (from its connection timeout) and waits this long for connections being opened on close. */
        private volatile int loginTimeoutSeconds = 10;

        Source(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(DriverManager.getConnection(url), gate(url));
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return wrap(DriverManager.getConnection(url, user, password), gate(url));
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
            loginTimeoutSeconds = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
