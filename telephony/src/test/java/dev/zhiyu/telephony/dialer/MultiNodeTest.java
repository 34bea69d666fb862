package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.NodePool;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two FreeSWITCH nodes: calls spread under each node's cap; a node that drops gets no calls until it is back. */
class MultiNodeTest {

    private final List<AutoCloseable> open = new ArrayList<>();
    private CallControl nodeA;
    private CallControl nodeB;
    private int peakA;
    private int peakB;
    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private FsSimulator sim() throws Exception {
        FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("好的")));
        sim.start();
        open.add(sim);
        return sim;
    }

    private CallControl control(String name, FsSimulator sim) throws Exception {
        CallControl c = new CallControl(new CallControl.Node(name, "127.0.0.1", sim.port(), "ClueCon"), clock, a -> { })
                .backoffMax(Duration.ofMillis(100)).start();
        open.add(c);
        return c;
    }

    @Test
    void callsSpreadOverConnectedNodesAndADroppedNodeGetsNoneUntilItIsBack() throws Exception {
        FsSimulator a = sim();
        FsSimulator b = sim();
        CallControl ca = control("fsA", a);
        CallControl cb = control("fsB", b);
        nodeA = ca;
        nodeB = cb;
        NodePool pool = new NodePool().add(ca, new NodePool.Limits(Set.of(), 3, 50)).add(cb, new NodePool.Limits(Set.of(), 3, 50));
        InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String n = String.format("1360000%04d", i);
            leads.add(new Lead("L" + i, "l", i, "+86" + n, n, Map.of()));
        }
        store.putList("l", leads);
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 10, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 5, 30));
        List<String> alerts = new CopyOnWriteArrayList<>();
        Dialer dialer = new Dialer(store, pool, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofSeconds(3), null, "queue:", "test"),
                clock, alerts::add, r -> { });
        dialer.start("T");

        runUntil(dialer, store, () -> store.records("T").size() >= 8);
        assertTrue(a.dialled().size() > 0 && b.dialled().size() > 0, "both nodes take calls: " + a.dialled().size()
                + "/" + b.dialled().size());
        assertEquals(3, peakA, "the task allows 10, node A 3 at once");
        assertEquals(3, peakB, "node B 3 at once");

        a.goOffline();
        waitFor(() -> !ca.connected());
        Thread.sleep(100); // an originate already read off the socket before the drop still lands
        int onA = a.dialled().size();
        int before = store.records("T").size();
        runUntil(dialer, store, () -> store.records("T").size() >= before + 8);
        assertFalse(ca.connected());
        assertEquals(onA, a.dialled().size(), "a node that is down gets no calls");

        int dialledAtReturn = a.dialled().size() + b.dialled().size();
        assertTrue(dialledAtReturn < 30, "leads remain for the node that comes back");
        a.start(); // back on the same port
        waitFor(ca::connected);
        // its calls from before the outage end first (their dialogs missed events and run out their time)
        waitFor(() -> ca.liveCalls() == 0);
        runUntil(dialer, store, () -> store.status("T") == TaskStatus.COMPLETED);
        assertTrue(ca.reconnects() >= 1, "reconnected to the node that came back");
        List<CallRecord> records = store.records("T");
        assertEquals(30, records.size(), "one record per lead");
        List<String> received = new ArrayList<>(a.dialled());
        received.addAll(b.dialled());
        assertEquals(received.size(), Set.copyOf(received).size(), "no lead dialled twice");
        for (CallRecord r : records) {
            if (r.disposition() == Disposition.INTERRUPTED || r.disposition() == Disposition.CARRIER_FAULT) {
                // only an originate caught by the drop itself (FreeSWITCH never got it) may end so
                assertFalse(received.contains(r.phone().substring(3)), "a call FreeSWITCH had was followed to its end: " + r);
            } else {
                assertTrue(received.contains(r.phone().substring(3)), r.toString());
            }
        }
        assertTrue(a.dialled().size() > onA, "the returned node takes calls again");
    }

    @Test
    void nodeLimitsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new NodePool.Limits(Set.of(), 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new NodePool.Limits(Set.of("gw1"), 5, 0));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached");
            Thread.sleep(10);
        }
    }

    private void runUntil(Dialer dialer, InMemoryDialerStore store, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out at " + store.records("T").size() + " records, open "
                    + store.openAttempts("T") + ", on the nodes " + nodeA.liveCalls() + "/" + nodeB.liveCalls());
            dialer.tick("T");
            peakA = Math.max(peakA, nodeA.liveCalls());
            peakB = Math.max(peakB, nodeB.liveCalls());
            Thread.sleep(10);
            clock.advance(Duration.ofMillis(100));
        }
    }
}
