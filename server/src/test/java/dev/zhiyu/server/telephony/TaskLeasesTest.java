package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Task leases on H2 and on the real PostgreSQL: one holder at a time (also when nodes race for a free lease), renewal
 * by the holder only, take-over once the lease has expired by the database's clock, release.
 */
class TaskLeasesTest {
    private static final Duration TTL = Duration.ofSeconds(1);

    private static void withTenantDb(String kind, java.util.function.Consumer<Jdbi> test) {
        Supplier<TestStores> stores = kind.equals("h2") ? TestStores::h2 : TestStores::postgres;
        try (TestStores s = stores.get(); Platform p = Platform.open(s.config())) {
            p.startUp();
            Tenant t = p.tenants().create("lease", "租约测试", "test");
            test.accept(p.stores().jdbi(t));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void oneHolderAtATimeUntilTheLeaseExpires(String kind) {
        withTenantDb(kind, jdbi -> {
            TaskLeases a = new TaskLeases(jdbi, "node-a", TTL);
            TaskLeases b = new TaskLeases(jdbi, "node-b", TTL);
            long taken = System.nanoTime();
            assertTrue(a.acquire("t1"));
            assertTrue(a.held("t1"));
            assertFalse(b.acquire("t1"), "held by a");
            assertFalse(b.held("t1"));
            assertTrue(a.acquire("t1"), "the holder takes it again");
            assertTrue(a.renew("t1"), "the holder renews");
            assertFalse(b.renew("t1"), "another node cannot renew it");
            assertTrue(b.acquire("t2"), "another task is free");

            while (!b.acquire("t1")) {
                assertTrue(System.nanoTime() - taken < Duration.ofSeconds(10).toNanos(), "the lease never expired");
                Thread.onSpinWait();
            }
            assertTrue(System.nanoTime() - taken >= TTL.toNanos() * 9 / 10, "taken over before it expired");
            assertFalse(a.held("t1"), "a's own view ran out before b could take it");
            assertFalse(a.acquire("t1"), "a cannot take back a lease b took over");
            assertFalse(a.renew("t1"), "nor renew it");
            assertTrue(b.renew("t1"), "b renews its own");

            a.release("t1");
            assertFalse(a.acquire("t1"), "a's release does not free b's lease");
            b.release("t1");
            assertTrue(a.acquire("t1"), "free once b released it");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void nodesRacingForAFreeLeaseGetItOnce(String kind) {
        withTenantDb(kind, jdbi -> {
            List<TaskLeases> nodes = IntStream.range(0, 8).mapToObj(i -> new TaskLeases(jdbi, "node-" + i,
                    Duration.ofSeconds(30))).toList();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int round = 0; round < 5; round++) {
                    String task = "race" + round;
                    List<Future<Boolean>> got = pool.invokeAll(nodes.stream()
                            .map(n -> (Callable<Boolean>) () -> n.acquire(task)).toList());
                    long winners = got.stream().filter(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).count();
                    assertEquals(1, winners, "round " + round);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @org.junit.jupiter.api.Test
    void holdersDifferPerCall() {
        String h = TaskLeases.newHolder();
        assertTrue(h.contains("-" + ProcessHandle.current().pid() + "-"), h);
        assertNotEquals(h, TaskLeases.newHolder());
    }
}
