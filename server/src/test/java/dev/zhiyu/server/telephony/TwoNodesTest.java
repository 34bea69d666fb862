package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes (two platforms and telephony services, each with its own simulator) on one PostgreSQL share a
 * tenant's running task: only the node holding the task's lease dials it; when that node dies, the other takes the
 * task over once the lease has expired and dials the rest, never a lead the dead node had finished.
 */
class TwoNodesTest {
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Map<String, String> SETTINGS = Map.of("zhiyu.telephony.demo.time.scale", "0.05",
            "zhiyu.telephony.task.lease", LEASE.toSeconds() + "s");

    @Test
    void onlyTheLeaseHolderDialsAndTheSurvivorTakesOverWhenItDies() throws Exception {
        try (TestStores stores = TestStores.postgres(); Platform p1 = Platform.open(stores.config());
             Platform p2 = Platform.open(stores.config())) {
            p1.startUp();
            p2.startUp();
            Tenant t = p1.tenants().create("alpha", "甲证券", "test");
            try (DialerRig node2 = new DialerRig(p2, SETTINGS)) {
                String task;
                Instant killedAt;
                try (DialerRig node1 = new DialerRig(p1, SETTINGS)) {
                    task = node1.task(t, "共享任务", DialerRig.busyNumbers(0, 300), 2);
                    try (AutoCloseable watch2 = node2.watch(t, task); AutoCloseable feed1 = node1.start(t, task)) {
                        // node 2 looks for running tasks every 2 s: give it three looks while node 1 holds the lease
                        long started = System.nanoTime();
                        DialerRig.await(Duration.ofSeconds(30), () -> node1.dialled(task) >= 10
                                && System.nanoTime() - started > Duration.ofSeconds(6).toNanos(), "node 1 dials");
                        assertEquals(0, node2.dialled(task), "node 2 dialled a task node 1 holds");
                    }
                    killedAt = Instant.now();
                } // node 1 dies: its loops and switch connection stop, its lease is left to expire
                try (AutoCloseable watch2 = node2.watch(t, task)) {
                    DialerRig.await(Duration.ofSeconds(20), () -> node2.dialled(task) >= 10, "node 2 takes the task over");
                }
                Duration takeover = Duration.between(killedAt, node2.dialled.values().stream().min(Comparable::compareTo)
                        .orElseThrow());
                assertTrue(takeover.compareTo(LEASE.plusSeconds(2).plusMillis(1500)) <= 0,
                        "taken over after " + takeover + ": more than the lease (" + LEASE + ") + 2 s discovery + slack");

                List<CallRecord> records = node2.service.operations().records(t, task, 0, 1000);
                Map<String, List<CallRecord>> byLead = records.stream().collect(Collectors.groupingBy(CallRecord::leadId));
                Set<String> redialled = new HashSet<>();
                byLead.forEach((lead, calls) -> {
                    if (calls.size() > 1) {
                        redialled.add(lead);
                        // only a call node 1 lost when it died may be dialled again, never one that had ended
                        assertEquals(calls.size() - 1, calls.stream().filter(c -> c.disposition() == Disposition.INTERRUPTED).count(),
                                "lead " + lead + " dialled twice: " + calls);
                    }
                });
                System.out.printf("taken over %d ms after node 1 died; %d calls, %d leads, re-dialled %s%n",
                        takeover.toMillis(), records.size(), byLead.size(), redialled);
                assertTrue(redialled.size() <= 2, "more re-dials than calls node 1 had up (2): " + redialled);
            }
        }
    }
}
