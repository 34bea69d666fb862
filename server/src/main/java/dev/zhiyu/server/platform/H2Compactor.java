package dev.zhiyu.server.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the space of a durable H2 file ({@link DurableH2}: new chunks always at the end, so the file only
 * grows). Every few minutes, when less than half of a big file is live, its live chunks are moved to the front and
 * the file is cut, with free-space reuse switched on only for that while and every commit of the database held at
 * its gate; a last chunk is then written at the end so the newest state is found from the end after any crash.
 * Only the process that owns the file does this (a CLI reaching it over {@code AUTO_SERVER} does not).
 */
final class H2Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compactor.class);
    private static final long EVERY_SECONDS = Long.getLong("zhiyu.h2.compact.seconds", 600);
    private static final int MAX_FILL_PERCENT = 50;
    private static final long MIN_BYTES = 16L << 20;
    private static final int MAX_MILLIS = 2_000;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("zhiyu-h2-compactor").daemon(true).factory());

    private H2Compactor() {
    }

    /** Checks the pool's database now and then until the pool is closed. */
    static void maintain(HikariDataSource pool, String url) {
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        self.set(TIMER.scheduleWithFixedDelay(() -> {
            if (pool.isClosed()) {
                self.get().cancel(false);
                return;
            }
            try {
                compactIfSparse(pool, DurableH2.durableUrl(url));
            } catch (SQLException | RuntimeException e) {
                LOG.warn("H2 文件整理失败（{}），下次再试：{}", pool.getPoolName(), e.toString());
            }
        }, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS));
    }

    private static void compactIfSparse(javax.sql.DataSource pool, String durableUrl) throws SQLException {
        try (Connection c = pool.getConnection()) {
            MVStore store = ownStore(c);
            if (store != null && store.getFileStore().size() > MIN_BYTES && store.getFillRate() < MAX_FILL_PERCENT) {
                long before = store.getFileStore().size();
                compact(store, durableUrl, MAX_MILLIS);
                LOG.info("H2 文件整理：{} MB → {} MB", before >> 20, store.getFileStore().size() >> 20);
            }
        }
    }

    /** Compacts the connection's database for at most {@code maxMillis}, holding its commits at the gate. */
    static void compact(Connection c, String durableUrl, int maxMillis) throws SQLException {
        MVStore store = ownStore(c);
        if (store != null) {
            compact(store, durableUrl, maxMillis);
        }
    }

    private static void compact(MVStore store, String durableUrl, int maxMillis) {
        Lock gate = DurableH2.gate(durableUrl).writeLock();
        gate.lock();
        try {
            store.setReuseSpace(true);
            try {
                store.compactFile(maxMillis);
            } finally {
                store.setReuseSpace(false);
                store.openMap("zhiyu.compacted").put("at", String.valueOf(System.currentTimeMillis()));
                store.commit();
            }
        } finally {
            gate.unlock();
        }
    }

    /** The store of a database this process has open itself; null over a remote (AUTO_SERVER) connection. */
    private static MVStore ownStore(Connection c) throws SQLException {
        JdbcConnection h2 = c.unwrap(JdbcConnection.class);
        return h2.getSession() instanceof SessionLocal local ? local.getDatabase().getStore().getMvStore() : null;
    }
}
