package dev.zhiyu.server.platform;

import dev.zhiyu.server.ServerConfig;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Tenant databases that tests and benchmarks can slow down or block per tenant, below JDBI and above the pool: every
 * statement a slowed tenant's connection prepares first waits {@link #latency}, and while the tenant is
 * {@link #block blocked} waits until it is unblocked (as behind a lock held on the database). Other tenants' connections
 * are untouched.
 */
public final class SlowTenantDatabases {
    private static final Set<String> STATEMENTS = Set.of("prepareStatement", "createStatement", "prepareCall");

    private final Map<String, Duration> latency = new ConcurrentHashMap<>();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    /** The platform of {@code config} with its tenant databases behind this. */
    public Platform open(ServerConfig config) {
        return new Platform(config, real -> new TenantDatabases() {
            @Override
            public String kind() {
                return real.kind();
            }

            @Override
            public String create(String slug) {
                return real.create(slug);
            }

            @Override
            public void drop(String slug) {
                real.drop(slug);
            }

            @Override
            public DataSource dataSource(String slug) {
                return slowed(slug, real.dataSource(slug));
            }

            @Override
            public void close() {
                real.close();
            }
        });
    }

    /** From now on each statement of the tenant waits {@code perStatement} first (zero: no delay). */
    public void latency(String slug, Duration perStatement) {
        latency.put(slug, perStatement);
    }

    /** Holds every statement of the tenant until {@link #unblock}. */
    public void block(String slug) {
        blocked.add(slug);
    }

    public void unblock(String slug) {
        synchronized (blocked) {
            blocked.remove(slug);
            blocked.notifyAll();
        }
    }

    /** Statements of the tenant being held right now (delayed or blocked). */
    public int waiting(String slug) {
        return counter(slug).get();
    }

    private AtomicInteger counter(String slug) {
        return waiting.computeIfAbsent(slug, s -> new AtomicInteger());
    }

    private DataSource slowed(String slug, DataSource real) {
        return proxy(DataSource.class, (p, m, args) -> {
            Object r = invoke(real, m, args);
            return m.getName().equals("getConnection") ? slowed(slug, (Connection) r) : r;
        });
    }

    private Connection slowed(String slug, Connection real) {
        return proxy(Connection.class, (p, m, args) -> {
            if (STATEMENTS.contains(m.getName())) {
                hold(slug);
            }
            return invoke(real, m, args);
        });
    }

    private void hold(String slug) throws InterruptedException {
        AtomicInteger n = counter(slug);
        n.incrementAndGet();
        try {
            Duration d = latency.getOrDefault(slug, Duration.ZERO);
            if (!d.isZero()) {
                Thread.sleep(d);
            }
            synchronized (blocked) {
                while (blocked.contains(slug)) {
                    blocked.wait();
                }
            }
        } finally {
            n.decrementAndGet();
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler h) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }
}
