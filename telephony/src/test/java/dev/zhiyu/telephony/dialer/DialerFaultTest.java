package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.OriginateRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults mid-task: no lead dialled twice for one attempt, no call record lost. */
class DialerFaultTest {

    private FsSimulator sim;
    private final List<CallControl> controls = new ArrayList<>();
    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final AtomicBoolean crashed = new AtomicBoolean();

    /** The first process's view of the store: once it has "crashed", every call of its threads fails. */
    private DialerStore dying(DialerStore s) {
        return FailingStore.of(s, method -> crashed.get(), "进程已崩溃");
    }

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
        return new Dialer(controls.size() == 1 ? dying(store) : store, c, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofSeconds(4), null, "queue:", "test"),
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
        // every callee speaks at the first prompt: a silence in a transcript could only be the dropped connection
        // taken for the customer's (and this engine hangs up on a silence)
        String silence = TranscriptLine.caller(DialogBridge.NO_INPUT).format();
        store.records("T").forEach(r -> assertFalse(r.transcript().contains(silence), r.transcript().toString()));
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
        assertTrue(store.records("T").stream().anyMatch(r -> r.disposition() == Disposition.INTERRUPTED),
                "calls lost in the restart are closed as interrupted");
        assertNoDoubleDialAndNoLostRecord();
    }

    @Test
    void dialerRestartedMidTask() throws Exception {
        Dialer first = setUp(12);
        crashAfterAnswers(first, 0);
        Dialer second = newDialer();
        runUntilDone(second, () -> { });
        assertNoDoubleDialAndNoLostRecord();
    }

    @Test
    void dialerCrashMidCallReattachesTheCallsFreeswitchStillHas() throws Exception {
        Dialer first = setUp(12);
        Set<String> up = crashAfterAnswers(first, 2);
        Dialer second = newDialer();
        runUntilDone(second, () -> { });
        Map<String, CallRecord> byCall = store.records("T").stream().collect(Collectors.toMap(CallRecord::callId, r -> r));
        for (String callId : up) {
            CallRecord r = byCall.get(callId);
            assertEquals(Disposition.COMPLETED, r.disposition(), "a call up at the crash is continued, not interrupted: " + r);
            assertTrue(r.transcript().stream().anyMatch(l -> l.contains("重新接管")), "dialog re-opened: " + r.transcript());
            assertNotNull(r.outcome(), "the new dialog session labelled the call");
            assertNotNull(r.answeredAt());
        }
        assertTrue(byCall.values().stream().noneMatch(r -> r.disposition() == Disposition.INTERRUPTED),
                "FreeSWITCH kept every call, so none is interrupted");
        assertNoDoubleDialAndNoLostRecord();
    }

    @Test
    void callsFreeswitchLostWhileTheDialerWasDownCloseAsInterruptedAndAreRetried() throws Exception {
        Dialer first = setUp(12);
        crashAfterAnswers(first, 2);
        Set<String> open = store.openAttempts("T").stream().map(a -> a.callId()).collect(Collectors.toSet());
        sim.restart(); // FreeSWITCH restarted while the dialer was down: every channel is gone
        Dialer second = newDialer();
        runUntilDone(second, () -> { });
        List<CallRecord> records = store.records("T");
        for (String callId : open) {
            CallRecord r = records.stream().filter(x -> x.callId().equals(callId)).findFirst().orElseThrow();
            assertEquals(Disposition.INTERRUPTED, r.disposition());
            assertTrue(records.stream().anyMatch(x -> x.leadId().equals(r.leadId()) && x.attempt() == 2),
                    "an interrupted attempt is retried as the next attempt");
        }
        assertNoDoubleDialAndNoLostRecord();
    }

    @Test
    void aLiveChannelWithAnotherOwnersVariablesIsNeitherTakenOverNorKilled() throws Exception {
        setUp(3);
        String uuid = java.util.UUID.randomUUID().toString();
        store.claimAttempt(new DialerStore.OpenAttempt("T", "L0", 1, uuid, "+8613700000000", clock.instant()));
        CallControl other = controls.get(0);
        // same uuid as our open attempt, but FreeSWITCH says it belongs to another tenant
        other.originate(new OriginateRequest(uuid, "gw1", "13700000000", "057188880000", 30, "globex", "T", "L0"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sim.liveChannels() < 1) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(10);
        }
        Dialer second = newDialer();
        second.start("T");
        CallRecord r = store.records("T").stream().filter(x -> x.callId().equals(uuid)).findFirst().orElseThrow();
        assertEquals(Disposition.INTERRUPTED, r.disposition(), "not ours: our attempt is closed as interrupted");
        assertEquals("true", other.api("uuid_exists " + uuid).get(5, TimeUnit.SECONDS).strip(),
                "the other owner's call is left alone");
    }

    /**
     * Runs {@code first} until at least {@code answered} calls are up (and 3 channels exist), then the process dies:
     * its store writes fail from then on and its ESL connection goes away. Returns the calls answered by then.
     */
    private Set<String> crashAfterAnswers(Dialer first, int answered) throws Exception {
        Set<String> up = ConcurrentHashMap.newKeySet();
        first.onState(s -> {
            if (s.state().equals("answered")) {
                up.add(s.callId());
            }
        });
        first.start("T");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sim.liveChannels() < 3 || up.size() < answered) {
            assertTrue(System.nanoTime() < deadline, "calls came up");
            first.tick("T");
            Thread.sleep(10);
        }
        crashed.set(true);
        controls.get(0).close();
        return Set.copyOf(up);
    }
}
