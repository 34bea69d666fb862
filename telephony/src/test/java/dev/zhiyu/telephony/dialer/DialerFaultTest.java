package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults mid-task: no lead dialled twice for one attempt, no call record lost. */
class DialerFaultTest {

    private FsSimulator sim;
    private final List<CallControl> controls = new ArrayList<>();
    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);

    @AfterEach
    void stop() throws Exception {
        controls.forEach(CallControl::close);
        sim.close();
    }

    private Dialer setUp(int leads) throws Exception {
        List<Lead> list = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            String n = String.format("1370000%04d", i);
            list.add(new Lead("L" + i, "l", i, "+86" + n, n, Map.of()));
        }
        // slow conversations (time scale 0.05) so faults land mid-call
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("我在考虑"), Callee.says("好的")));
        sim.start();
        store.putList("l", list);
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 5, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 2, TaskSpec.defaultRetryDelays(), 5, 30));
        return newDialer();
    }

    private Dialer newDialer() throws Exception {
        CallControl c = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.port(), "ClueCon"), clock, a -> { })
                .backoffMax(Duration.ofMillis(200)).start();
        controls.add(c);
        return new Dialer(store, c, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofSeconds(4), null, "queue:"),
                clock, a -> { }, r -> { });
    }

    private void runUntilDone(Dialer dialer, Runnable faultAtFirstAnswer) throws Exception {
        dialer.start("T");
        boolean faulted = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (store.status("T") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "task did not finish");
            dialer.tick("T");
            if (!faulted && sim.liveChannels() >= 3) {
                Thread.sleep(150);
                faultAtFirstAnswer.run();
                faulted = true;
            }
            Thread.sleep(10);
            clock.advance(Duration.ofMinutes(1));
        }
        assertTrue(faulted, "the fault was injected");
    }

    private void assertNoDoubleDialAndNoLostRecord() {
        List<CallRecord> records = store.records("T");
        Map<String, Long> dials = sim.dialled().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        Map<String, Long> recs = records.stream().collect(Collectors.groupingBy(r -> r.phone().substring(3), Collectors.counting()));
        assertEquals(dials, recs, "every originate has exactly one record, and every record one originate");
        assertEquals(records.size(), records.stream().map(r -> r.leadId() + "#" + r.attempt()).distinct().count(),
                "no attempt recorded twice");
        assertTrue(store.openAttempts("T").isEmpty(), "no attempt left open");
    }

    @Test
    void eslConnectionDroppedMidCall() throws Exception {
        Dialer dialer = setUp(12);
        runUntilDone(dialer, sim::dropConnections);
        assertTrue(controls.get(0).reconnects() >= 1, "reconnected");
        assertNoDoubleDialAndNoLostRecord();
    }

    @Test
    void freeswitchRestartedMidTask() throws Exception {
        Dialer dialer = setUp(12);
        runUntilDone(dialer, () -> {
            try {
                sim.restart();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(store.records("T").stream().anyMatch(r -> r.disposition() == dev.zhiyu.telephony.Disposition.INTERRUPTED),
                "calls lost in the restart are closed as interrupted");
        assertNoDoubleDialAndNoLostRecord();
    }

    @Test
    void dialerRestartedMidTask() throws Exception {
        Dialer first = setUp(12);
        first.start("T");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sim.liveChannels() < 3) {
            assertTrue(System.nanoTime() < deadline);
            first.tick("T");
            Thread.sleep(10);
        }
        controls.get(0).close(); // the old process dies: its ESL goes away, its calls are orphaned
        Dialer second = newDialer();
        runUntilDone(second, () -> { });
        assertNoDoubleDialAndNoLostRecord();
    }
}
