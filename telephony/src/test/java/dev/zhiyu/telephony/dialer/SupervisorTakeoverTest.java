package dev.zhiyu.telephony.dialer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.TakeoverResult;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A supervisor takes over a call mid-dialog: the dialog stops, the call is transferred, the record shows it. */
class SupervisorTakeoverTest {

    /** Ticks the task until a call is talking to the bot; its id. */
    private static String awaitTalking(Dialer dialer, String task, List<CallState> states, long deadline)
            throws InterruptedException {
        while (true) {
            assertTrue(System.nanoTime() < deadline, "no dialog started: " + states);
            dialer.tick(task);
            String callId = states.stream().filter(s -> s.state().equals("talking")).map(CallState::callId)
                    .findFirst().orElse(null);
            if (callId != null) {
                return callId;
            }
            Thread.sleep(10);
        }
    }

    private static void awaitCompleted(SimRig rig, Dialer dialer, String task, List<CallState> states, long deadline)
            throws InterruptedException {
        while (rig.store.status(task) != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "task did not finish: " + states);
            dialer.tick(task);
            Thread.sleep(10);
        }
    }

    @Test
    void aTakenOverCallIsTransferredAndRecordedAsSuch() throws Exception {
        List<CallState> states = new CopyOnWriteArrayList<>();
        // a callee who answers and says nothing: the bot waits out its no-input timer, time for the supervisor
        try (SimRig rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers()))) {
            SimRig.Scripted call = rig.scripted(new ScriptedDialogEngine(), Duration.ofSeconds(20), Duration.ofMinutes(1),
                    states::add);
            String task = call.task();
            Dialer dialer = call.dialer();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String callId = awaitTalking(dialer, task, states, deadline);
            assertEquals(TakeoverResult.NOT_FOUND, dialer.takeOver("no-such-call", "queue:sales"));
            assertEquals(task, dialer.talkingTask(callId).orElseThrow());
            assertEquals(TakeoverResult.TAKEN, dialer.takeOver(callId, "queue:sales"));
            assertEquals(TakeoverResult.ALREADY, dialer.takeOver(callId, "1001"));
            awaitCompleted(rig, dialer, task, states, deadline);
            CallRecord rec = rig.store.records(task).get(0);
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

    /**
     * While the call's node is disconnected the call's state is unconfirmed: a take-over is a conflict naming the node
     * (was: TAKEN, a transfer that could not be sent); once the node is back and the call judged up, it is taken.
     */
    @Test
    void aCallOnADisconnectedNodeIsNotTakenOverUntilTheNodeIsBack() throws Exception {
        List<CallState> states = new CopyOnWriteArrayList<>();
        try (SimRig rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers()),
                c -> c.deadAir(Duration.ofMinutes(5), "sorry.wav", Duration.ofSeconds(1)))) {
            // the resync once the node is back reaches the dialog as a silence: a patient one asks again, so the
            // call is still up when the supervisor retries
            SimRig.Scripted call = rig.scripted(new ScriptedDialogEngine(true), Duration.ofMinutes(2), Duration.ofMinutes(5),
                    states::add);
            String task = call.task();
            Dialer dialer = call.dialer();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String callId = awaitTalking(dialer, task, states, deadline);
            rig.sim.goOffline();
            while (rig.control.connected()) {
                assertTrue(System.nanoTime() < deadline, "the link did not drop");
                Thread.sleep(10);
            }
            TelephonyException refused = assertThrows(TelephonyException.class, () -> dialer.takeOver(callId, "queue:sales"));
            assertEquals(TelephonyException.Kind.CONFLICT, refused.kind());
            assertTrue(refused.getMessage().contains("fs1") && refused.getMessage().contains("恢复连接后重试"),
                    refused.getMessage());
            assertTrue(rig.sim.channelUp(callId), "the call is still up on the switch");

            rig.sim.start();
            while (!rig.control.confirmed()) {
                assertTrue(System.nanoTime() < deadline, "the node did not come back");
                Thread.sleep(10);
            }
            assertEquals(TakeoverResult.TAKEN, dialer.takeOver(callId, "queue:sales"));
            awaitCompleted(rig, dialer, task, states, deadline);
            CallRecord rec = rig.store.records(task).get(0);
            assertEquals(Disposition.TRANSFERRED, rec.disposition(), rec + " " + states);
            assertEquals("queue:sales", rec.transferredTo());
        }
    }
}
