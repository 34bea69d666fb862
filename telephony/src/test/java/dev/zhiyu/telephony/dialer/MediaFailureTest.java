package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.MediaEngines;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.MediaPreflight;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node without the configured speech engine, as on the real switch: a prompt that cannot be spoken or a recogniser
 * that cannot start ends the call as MEDIA_FAILED (never COMPLETED with a transcript nobody heard), and a task whose
 * calls keep failing so pauses itself; the preflight refuses to start such a task at all.
 */
class MediaFailureTest {
    private SimRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** {@code leads} callees who would ask for an agent, on a simulated node with the given modules missing. */
    private Dialer dialer(int leads, String asr, String tts, String... missing) throws Exception {
        List<Lead> list = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            String n = String.format("1390000%04d", i);
            list.add(new Lead("L" + i, "list1", i + 2, "+86" + n, n, Map.of()));
        }
        rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers(Callee.says("我要转人工")))
                .without(missing));
        rig.task(list);
        return rig.dialer(new ScriptedDialogEngine(), new DialogBridge.Settings(asr, "default", Duration.ofSeconds(6),
                Duration.ofMinutes(1), null, "queue:", tts));
    }

    /** Ticks until {@code done}; the manual clock stands still, so nothing is retried meanwhile. */
    private static void until(Dialer dialer, BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            dialer.tick("T1");
            Thread.sleep(10);
        }
    }

    private CallRecord onlyRecord(Dialer dialer) throws InterruptedException {
        until(dialer, () -> rig.store.records("T1").size() == 1 && dialer.active() == 0, "the call did not end");
        return rig.store.records("T1").get(0);
    }

    private static boolean botSpoke(CallRecord r) {
        return r.transcript().stream().anyMatch(l -> l.startsWith("机器人: "));
    }

    @Test
    void aNodeWithoutTheTtsEngineEndsTheCallAsMediaFailedWithNoBotLine() throws Exception {
        Dialer dialer = dialer(1, "test", "unimrcp");
        dialer.start("T1");
        CallRecord r = onlyRecord(dialer);
        assertEquals(Disposition.MEDIA_FAILED, r.disposition(), r.toString());
        assertTrue(r.disposition().retryable());
        assertFalse(botSpoke(r), "a prompt nobody heard is not in the transcript: " + r.transcript());
        assertTrue(r.transcript().getLast().contains("返回 ERROR"), r.transcript().toString()); // the barge-in greeting
        assertEquals(0, rig.sim.liveChannels(), "the call was hung up");
        assertTrue(rig.alerts.stream().anyMatch(a -> a.contains(r.callId()) && a.contains("媒体故障")), rig.alerts.toString());
        assertTrue(rig.sim.log().stream().anyMatch(l -> l.contains("Invalid speech module [unimrcp]")), rig.sim.log().toString());
    }

    @Test
    void aNodeWithoutTheAsrEngineEndsTheCallAsMediaFailedWithNoBotLine() throws Exception {
        Dialer dialer = dialer(1, "unimrcp", "test");
        dialer.start("T1");
        CallRecord r = onlyRecord(dialer);
        assertEquals(Disposition.MEDIA_FAILED, r.disposition(), r.toString());
        assertFalse(botSpoke(r), r.transcript().toString());
        assertTrue(r.transcript().getLast().contains("ASR INIT ERROR"), r.transcript().toString());
        assertEquals(Disposition.MEDIA_FAILED, rig.store.progress("T1", "L0").last(), "the lead is tried again later");
        assertFalse(rig.store.progress("T1", "L0").done());
    }

    @Test
    void consecutiveMediaFailuresPauseTheTaskWithAReason() throws Exception {
        Dialer dialer = dialer(5, "unimrcp", "test");
        dialer.mediaFailureLimit(2);
        dialer.start("T1");
        until(dialer, () -> rig.store.status("T1") == TaskStatus.PAUSED, "the task did not pause itself: " + rig.alerts);
        until(dialer, () -> dialer.active() == 0, "calls still up");
        assertTrue(rig.alerts.stream().anyMatch(a -> a.startsWith("任务 T1 连续 2 通电话媒体故障，已自动暂停")
                && a.contains("ASR INIT ERROR")), rig.alerts.toString());
        int dialled = rig.sim.dialled().size();
        for (int i = 0; i < 20; i++) {
            dialer.tick("T1");
        }
        assertEquals(dialled, rig.sim.dialled().size(), "a paused task dials no more");
    }

    @Test
    void aHealthyCallIsUnaffected() throws Exception {
        Dialer dialer = dialer(1, "test", "test");
        dialer.mediaFailureLimit(1);
        dialer.start("T1");
        CallRecord r = onlyRecord(dialer);
        assertEquals(Disposition.TRANSFERRED, r.disposition(), r.toString());
        assertTrue(r.transcript().getFirst().startsWith("机器人: 您好"), r.transcript().toString());
        assertTrue(r.transcript().get(1).contains("我要转人工"), r.transcript().toString());
        assertEquals(TaskStatus.RUNNING, rig.store.status("T1"));
        assertTrue(rig.alerts.stream().noneMatch(a -> a.contains("媒体故障")), rig.alerts.toString());
    }

    @Test
    void thePreflightRefusesToStartATaskNamingNodeEngineAndSetting() throws Exception {
        Dialer dialer = dialer(1, "unimrcp", "test");
        dialer.preflight(new MediaPreflight(new MediaEngines("unimrcp", "zhiyu.telephony.asr", "test",
                "zhiyu.telephony.tts"), rig.clock, Duration.ofSeconds(30)));
        rig.store.setStatus("T1", TaskStatus.RUNNING); // as the operator's start verb leaves it
        TelephonyException e = assertThrows(TelephonyException.class, () -> dialer.start("T1"));
        assertEquals(TelephonyException.Kind.CONFLICT, e.kind());
        assertEquals("zhiyu.telephony.asr", e.field());
        for (String part : List.of("fs1", "unimrcp", "mod_unimrcp", "zhiyu.telephony.asr")) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
        assertEquals(TaskStatus.PAUSED, rig.store.status("T1"));
        assertTrue(rig.alerts.stream().anyMatch(a -> a.contains("mod_unimrcp")), rig.alerts.toString());
        dialer.tick("T1");
        assertEquals(List.of(), rig.sim.dialled(), "nothing dialled");
    }

    @Test
    void thePreflightPassesWhenTheNodeHasBothEngines() throws Exception {
        Dialer dialer = dialer(1, "test", "test");
        dialer.preflight(new MediaPreflight(new MediaEngines("test", "zhiyu.telephony.asr", "test",
                "zhiyu.telephony.tts"), rig.clock, Duration.ofSeconds(30)));
        dialer.start("T1");
        assertEquals(TaskStatus.RUNNING, rig.store.status("T1"));
    }
}
