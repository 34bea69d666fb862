package dev.zhiyu.telephony.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call that ends while the ESL connection is down is closed as the switch recorded its end (its api_hangup_hook
 * wrote cause|answer_epoch|billsec into mod_hash), not as INTERRUPTED; only a restarted switch has no record.
 */
class SwitchRecordTest {

    private FsSimulator sim;
    private CallControl control;

    @AfterEach
    void stop() throws Exception {
        if (control != null) {
            control.close();
            sim.close();
        }
    }

    /** Originates to a callee who rings 1 s, then takes the node offline until the channel has ended. */
    private Call endWhileOffline(Callee callee) throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> callee.ringing(100_000));
        control = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.start(), "ClueCon"), Clock.systemUTC(),
                m -> { }).backoffMax(Duration.ofMillis(100)).start();
        Call call = control.originate(new OriginateRequest(UUID.randomUUID().toString(), "gw1", "13500000000",
                "057188880000", 30, "acme", "T", "L0"));
        await(() -> sim.liveChannels() == 1, "the channel rings");
        sim.goOffline();
        await(() -> sim.liveChannels() == 0, "the channel ended while the node was unreachable");
        assertFalse(call.hungUp(), "its end went to the dead connection");
        return call;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    @Test
    void aBusyCallEndedWhileDisconnectedKeepsItsRealCause() throws Exception {
        Call call = endWhileOffline(Callee.of(Callee.Kind.BUSY));
        sim.start();
        EslEvent end = call.hangupComplete().get(20, TimeUnit.SECONDS);
        assertEquals("USER_BUSY", end.get("Hangup-Cause"));
        assertEquals("-ERR USER_BUSY", call.originateResult().get(5, TimeUnit.SECONDS).strip());
        assertNull(call.answeredAt());
        assertTrue(sim.log().contains("api_hangup_hook hash insert/zhiyu_calls/" + call.uuid() + "/USER_BUSY|0|0 -> +OK"),
                "the hook expanded the channel's variables: " + sim.log());
    }

    @Test
    void anAnsweredCallEndedWhileDisconnectedIsAnsweredWithItsBillsec() throws Exception {
        Call call = endWhileOffline(Callee.answers().hangsUpOnSilenceAfter(10_000));
        sim.start();
        EslEvent end = call.hangupComplete().get(20, TimeUnit.SECONDS);
        assertEquals("NORMAL_CLEARING", end.get("Hangup-Cause"));
        assertNotNull(call.answeredAt(), "the switch saw the answer");
        assertEquals("0", end.variable("billsec"), "0.1 s of talk is billsec 0");
        assertTrue(call.originateResult().get(5, TimeUnit.SECONDS).startsWith("+OK"));
    }

    @Test
    void aRestartedSwitchHasNoRecordSoTheCallIsInterrupted() throws Exception {
        Call call = endWhileOffline(Callee.of(Callee.Kind.BUSY));
        sim.restart(); // mod_hash's table is gone with the process
        EslEvent end = call.hangupComplete().get(20, TimeUnit.SECONDS);
        assertEquals("INTERRUPTED", end.get("Hangup-Cause"));
    }

    @Test
    void theRecordIsReadAndForgottenThroughModHash() throws Exception {
        Call call = endWhileOffline(Callee.of(Callee.Kind.BUSY));
        sim.start();
        call.hangupComplete().get(20, TimeUnit.SECONDS);
        assertEquals(Optional.of(new SwitchRecord("USER_BUSY", null, 0)), SwitchRecord.lookup(control, call.uuid()));
        SwitchRecord.forget(control, call.uuid());
        await(() -> sim.hashEntries() == 0, "hash delete removed the entry");
        assertEquals(Optional.empty(), SwitchRecord.lookup(control, call.uuid()), "select of a missing key is empty");
    }

    @Test
    void parsesTheHookValue() {
        SwitchRecord r = SwitchRecord.parse("NORMAL_CLEARING|1764930000|42").orElseThrow();
        assertEquals("NORMAL_CLEARING", r.cause());
        assertEquals(1764930000L, r.answeredAt().getEpochSecond());
        assertEquals(42, r.billSeconds());
        assertFalse(SwitchRecord.parse("USER_BUSY|0|0").orElseThrow().answered());
        assertTrue(SwitchRecord.parse("").isEmpty());
        assertTrue(SwitchRecord.parse("garbage").isEmpty());
    }

    @Test
    void originateCarriesTheHookInAFormTheRealSwitchAccepts() {
        String cmd = new OriginateRequest("u-1", "gw1", "13500000000", "057188880000", 30, "acme", "T", "L0")
                .command(Map.of());
        assertTrue(cmd.contains(",origination_nested_vars=true,"), "without it originate drops a value holding ${: " + cmd);
        assertTrue(cmd.contains(",api_hangup_hook=hash::insert/zhiyu_calls/u-1/${hangup_cause}|${answer_epoch}|${billsec}}"),
                cmd);
        assertFalse(cmd.substring(cmd.indexOf('{'), cmd.indexOf("}sofia/")).contains(" "), "no space in the {} block: " + cmd);
    }
}
