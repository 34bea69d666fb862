package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.TakeoverResult;
import dev.zhiyu.telephony.CallState;
import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A supervisor takes over a call mid-dialog: the dialog stops, the call is transferred, the record shows it. */
class SupervisorTakeoverTest {

    @Test
    void aTakenOverCallIsTransferredAndRecordedAsSuch() throws Exception {
        List<CallState> states = new CopyOnWriteArrayList<>();
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        // a callee who answers and says nothing: the bot waits out its no-input timer, time for the supervisor
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers())) {
            int port = sim.start();
            try (CallControl control = new CallControl(new CallControl.Node("fs", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).start()) {
                InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
                store.putList("l", List.of(new Lead("L0", "l", 0, "+8613500000000", "13500000000", Map.of())));
                store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 1, 10,
                        LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 3, 30));
                Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(),
                        new DialogBridge.Settings("test", "default", Duration.ofSeconds(20), Duration.ofMinutes(1), null, "queue:", "test"),
                        clock, a -> { }, r -> { });
                dialer.onState(states::add);
                dialer.start("T");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String callId = null;
                while (callId == null) {
                    assertTrue(System.nanoTime() < deadline, "no dialog started: " + states);
                    dialer.tick("T");
                    callId = states.stream().filter(s -> s.state().equals("talking")).map(CallState::callId)
                            .findFirst().orElse(null);
                    Thread.sleep(10);
                }
                assertEquals(TakeoverResult.NOT_FOUND, dialer.takeOver("no-such-call", "queue:sales"));
                assertEquals("T", dialer.talkingTask(callId).orElseThrow());
                assertEquals(TakeoverResult.TAKEN, dialer.takeOver(callId, "queue:sales"));
                assertEquals(TakeoverResult.ALREADY, dialer.takeOver(callId, "1001"));
                while (store.status("T") != TaskStatus.COMPLETED) {
                    assertTrue(System.nanoTime() < deadline, "task did not finish: " + states);
                    dialer.tick("T");
                    Thread.sleep(10);
                }
                CallRecord rec = store.records("T").get(0);
                assertEquals(Disposition.TRANSFERRED, rec.disposition());
                assertEquals("queue:sales", rec.transferredTo());
                assertTrue(rec.transcript().contains("系统: 主管接管通话，转接 queue:sales"), rec.transcript().toString());
                CallState talking = states.stream().filter(s -> s.state().equals("talking")).findFirst().orElseThrow();
                assertNotNull(talking.lastBot(), "the live wall gets the bot's line");
                assertTrue(states.stream().anyMatch(s -> s.state().equals("takeover") && "queue:sales".equals(s.transferredTo())));
                CallState end = states.get(states.size() - 1);
                assertEquals("ended", end.state());
                assertEquals(Disposition.TRANSFERRED, end.disposition());
                assertEquals(TakeoverResult.NOT_FOUND, dialer.takeOver(callId, "queue:sales"), "an ended call is gone");
            }
        }
    }

    /**
     * While the call's node is disconnected the call's state is unconfirmed: a take-over is a conflict naming the node
     * (was: TAKEN, a transfer that could not be sent); once the node is back and the call judged up, it is taken.
     */
    @Test
    void aCallOnADisconnectedNodeIsNotTakenOverUntilTheNodeIsBack() throws Exception {
        List<CallState> states = new CopyOnWriteArrayList<>();
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers())) {
            int port = sim.start();
            try (CallControl control = new CallControl(new CallControl.Node("fs-east", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).deadAir(Duration.ofMinutes(5), "sorry.wav", Duration.ofSeconds(1)).start()) {
                InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
                store.putList("l", List.of(new Lead("L0", "l", 0, "+8613500000000", "13500000000", Map.of())));
                store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 1, 10,
                        LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 3, 30));
                // the resync once the node is back reaches the dialog as a silence: a patient one asks again, so the
                // call is still up when the supervisor retries
                Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(true),
                        new DialogBridge.Settings("test", "default", Duration.ofMinutes(2), Duration.ofMinutes(5), null, "queue:", "test"),
                        clock, a -> { }, r -> { });
                dialer.onState(states::add);
                dialer.start("T");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String callId = null;
                while (callId == null) {
                    assertTrue(System.nanoTime() < deadline, "no dialog started: " + states);
                    dialer.tick("T");
                    callId = states.stream().filter(s -> s.state().equals("talking")).map(CallState::callId)
                            .findFirst().orElse(null);
                    Thread.sleep(10);
                }
                sim.goOffline();
                while (control.connected()) {
                    assertTrue(System.nanoTime() < deadline, "the link did not drop");
                    Thread.sleep(10);
                }
                String id = callId;
                TelephonyException refused = assertThrows(TelephonyException.class, () -> dialer.takeOver(id, "queue:sales"));
                assertEquals(TelephonyException.Kind.CONFLICT, refused.kind());
                assertTrue(refused.getMessage().contains("fs-east") && refused.getMessage().contains("恢复连接后重试"),
                        refused.getMessage());
                assertTrue(sim.channelUp(callId), "the call is still up on the switch");

                sim.start();
                while (!control.confirmed()) {
                    assertTrue(System.nanoTime() < deadline, "the node did not come back");
                    Thread.sleep(10);
                }
                assertEquals(TakeoverResult.TAKEN, dialer.takeOver(callId, "queue:sales"));
                while (store.status("T") != TaskStatus.COMPLETED) {
                    assertTrue(System.nanoTime() < deadline, "task did not finish: " + states);
                    dialer.tick("T");
                    Thread.sleep(10);
                }
                CallRecord rec = store.records("T").get(0);
                assertEquals(Disposition.TRANSFERRED, rec.disposition(), rec + " " + states);
                assertEquals("queue:sales", rec.transferredTo());
            }
        }
    }
}
