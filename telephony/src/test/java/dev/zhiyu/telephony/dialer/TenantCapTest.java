package dev.zhiyu.telephony.dialer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tenant's cap on concurrent calls holds across all its running tasks; another tenant's dialer is unaffected. */
class TenantCapTest extends SimulatedNodeTest {

    private static List<Lead> leads(String list, int from, int n) {
        List<Lead> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String num = String.format("1390000%04d", i);
            out.add(new Lead("L" + i, list, i, "+86" + num, num, Map.of()));
        }
        return out;
    }

    private static TaskSpec task(String id, String tenant, String list, int maxConcurrent) {
        return new TaskSpec(id, tenant, list, "account_opening", List.of("057188880000"), List.of("gw1", "gw2"),
                maxConcurrent, 50, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1,
                TaskSpec.defaultRetryDelays(), 3, 30);
    }

    private Dialer dialer(InMemoryDialerStore store, ManualClock clock, List<String> alerts) {
        return new Dialer(store, control, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(5), "/rec", "queue:", "test"),
                clock, alerts::add, r -> { });
    }

    @Test
    void twoTasksOfOneTenantNeverExceedTheTenantCap() throws Exception {
        // every callee rings 200 ms (real time) and is an unallocated number: one attempt each, calls overlap
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(1.0),
                number -> Callee.of(Callee.Kind.INVALID_NUMBER).ringing(200));
        int port = sim.start();
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        List<String> alerts = new CopyOnWriteArrayList<>();
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", port, "ClueCon"), clock, alerts::add).start();

        InMemoryDialerStore acme = new InMemoryDialerStore(SHANGHAI);
        acme.putList("a", leads("a", 0, 30));
        acme.putList("b", leads("b", 100, 30));
        acme.saveTask(task("T1", "acme", "a", 10));
        acme.saveTask(task("T2", "acme", "b", 10));
        Dialer acmeDialer = dialer(acme, clock, alerts);
        acmeDialer.maxCalls(6);

        InMemoryDialerStore other = new InMemoryDialerStore(SHANGHAI);
        other.putList("c", leads("c", 200, 30));
        other.saveTask(task("T3", "other", "c", 5));
        Dialer otherDialer = dialer(other, clock, alerts);
        otherDialer.maxCalls(100);

        acmeDialer.start("T1");
        acmeDialer.start("T2");
        otherDialer.start("T3");
        AtomicInteger sampledMax = new AtomicInteger();
        AtomicInteger otherSampledMax = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acme.status("T1") != TaskStatus.COMPLETED || acme.status("T2") != TaskStatus.COMPLETED
                || other.status("T3") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "tasks did not finish: " + acme.records("T1").size() + "/"
                    + acme.records("T2").size() + "/" + other.records("T3").size() + " " + alerts);
            acmeDialer.tick("T1");
            acmeDialer.tick("T2");
            otherDialer.tick("T3");
            sampledMax.accumulateAndGet(acmeDialer.active(), Math::max);
            otherSampledMax.accumulateAndGet(otherDialer.active(), Math::max);
            Thread.sleep(5);
            clock.advance(Duration.ofMillis(500));
        }
        assertEquals(30, acme.records("T1").size());
        assertEquals(30, acme.records("T2").size());
        assertEquals(30, other.records("T3").size());
        assertTrue(sampledMax.get() <= 6, "sampled " + sampledMax.get());
        assertEquals(6, acmeDialer.peakConcurrent(), "two tasks of 10 each are held to the tenant's 6 lines (and reach them)");
        assertEquals(5, otherDialer.peakConcurrent(), "the other tenant's task runs to its own cap, unaffected");
        assertTrue(otherSampledMax.get() <= 5);
    }

    @Test
    void twoTasksOfOneTenantShareTheTenantsCallsPerSecond() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(1.0),
                number -> Callee.of(Callee.Kind.INVALID_NUMBER).ringing(20));
        int port = sim.start();
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        List<String> alerts = new CopyOnWriteArrayList<>();
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", port, "ClueCon"), clock, alerts::add).start();
        InMemoryDialerStore acme = new InMemoryDialerStore(SHANGHAI);
        acme.putList("a", leads("a", 0, 24));
        acme.putList("b", leads("b", 100, 24));
        acme.saveTask(task("T1", "acme", "a", 20)); // each task alone may place 50 calls a second
        acme.saveTask(task("T2", "acme", "b", 20));
        Dialer acmeDialer = dialer(acme, clock, alerts);
        acmeDialer.maxCallsPerSecond(3);
        InMemoryDialerStore other = new InMemoryDialerStore(SHANGHAI);
        other.putList("c", leads("c", 200, 24));
        other.saveTask(task("T3", "other", "c", 20));
        Dialer otherDialer = dialer(other, clock, alerts);
        otherDialer.maxCallsPerSecond(10);
        acmeDialer.start("T1");
        acmeDialer.start("T2");
        otherDialer.start("T3");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acme.status("T1") != TaskStatus.COMPLETED || acme.status("T2") != TaskStatus.COMPLETED
                || other.status("T3") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "tasks did not finish " + alerts);
            acmeDialer.tick("T1");
            acmeDialer.tick("T2");
            otherDialer.tick("T3");
            Thread.sleep(5);
            clock.advance(Duration.ofMillis(250));
        }
        List<java.time.Instant> acmeStarts = new ArrayList<>();
        acme.records("T1").forEach(r -> acmeStarts.add(r.originatedAt()));
        acme.records("T2").forEach(r -> acmeStarts.add(r.originatedAt()));
        assertEquals(48, acmeStarts.size());
        assertEquals(3, busiestSecond(acmeStarts), "both tasks together stay at (and reach) the tenant's 3 calls a second");
        assertTrue(acme.records("T1").size() == 24 && acme.records("T2").size() == 24);
        List<java.time.Instant> otherStarts = other.records("T3").stream().map(r -> r.originatedAt()).toList();
        assertEquals(10, busiestSecond(otherStarts), "the other tenant is held to its own cap only");
        assertThrows(IllegalArgumentException.class, () -> acmeDialer.maxCallsPerSecond(0));
    }

    /** The most originates inside any one-second window (t-1s, t]. */
    private static int busiestSecond(List<java.time.Instant> starts) {
        int max = 0;
        for (java.time.Instant t : starts) {
            int n = (int) starts.stream().filter(x -> !x.isAfter(t) && x.isAfter(t.minusSeconds(1))).count();
            max = Math.max(max, n);
        }
        return max;
    }
}
