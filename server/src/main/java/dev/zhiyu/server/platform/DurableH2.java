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
import java.util.Set;
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
 * process that owns the file).
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

    /** The URL with synchronous stores; a later {@code WRITE_DELAY} in the URL would be overridden. */
    static String durableUrl(String url) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0";
    }

    static DataSource dataSource(String url) {
        return new Source(durableUrl(url));
    }

    /** Wraps a raw H2 connection; also used for connections opened outside a pool. */
    static Connection wrap(Connection raw) {
        return (Connection) Proxy.newProxyInstance(DurableH2.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(raw));
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection raw;
        private Connection self;

        ConnectionHandler(Connection raw) {
            this.raw = raw;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            self = (Connection) proxy;
            boolean wasAutoCommit = m.getName().equals("setAutoCommit") && raw.getAutoCommit();
            Object result = call(raw, m, args);
            switch (m.getName()) {
                case "commit" -> checkpoint();
                // Switching auto-commit on commits the open transaction (JDBC 4.3, Connection#setAutoCommit).
                case "setAutoCommit" -> {
                    if (!wasAutoCommit && Boolean.TRUE.equals(args[0])) {
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
                        Object result = call(s, m, args);
                        if (raw.getAutoCommit() && writes(m, result)) {
                            checkpoint();
                        }
                        return result;
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
    private record Source(String url) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return wrap(DriverManager.getConnection(url));
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return wrap(DriverManager.getConnection(url, user, password));
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
        }

        @Override
        public int getLoginTimeout() {
            return 0;
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
