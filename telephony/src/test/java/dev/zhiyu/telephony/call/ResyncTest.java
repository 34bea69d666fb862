package dev.zhiyu.telephony.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resync after a reconnect must not close a call whose originate reached FreeSWITCH but whose channel is not listed
 * yet (FreeSWITCH creates it on the background job's thread): it looks again before concluding.
 */
class ResyncTest {

    /** Held until released: the simulator creates a channel only after looking its callee up. */
    private final CountDownLatch channelMayExist = new CountDownLatch(1);
    private final FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), number -> {
        try {
            channelMayExist.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Callee.answers();
    });
    private CallControl control;

    @AfterEach
    void stop() throws Exception {
        channelMayExist.countDown();
        control.close();
        sim.close();
    }

    private Call originateNotYetListed() throws Exception {
        control = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.start(), "ClueCon"), Clock.systemUTC(),
                m -> { }).start();
        Call call = control.originate(new OriginateRequest(UUID.randomUUID().toString(), "gw1", "13500000000",
                "057188880000", 30, "acme", "T", "L0"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sim.dialled().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the originate reached the simulator");
            Thread.sleep(5);
        }
        assertEquals(0, sim.liveChannels(), "no channel yet");
        return call;
    }

    /** The resync a reconnect runs, here on the live connection: the originate's own result is still pending. */
    private Resync resync(Duration settle) {
        Resync r = new Resync(control, m -> { });
        r.settle(settle);
        return r;
    }

    @Test
    void aCallWhoseChannelAppearsAfterTheFirstLookIsKept() throws Exception {
        Call call = originateNotYetListed();
        var judged = resync(Duration.ofSeconds(2)).run(List.of(call));
        assertFalse(call.hungUp(), "not closed on the first look");
        channelMayExist.countDown();
        assertEquals("+OK", call.originateResult().get(10, TimeUnit.SECONDS).substring(0, 3), "the callee answered");
        judged.get(30, TimeUnit.SECONDS); // the second look is over
        assertFalse(call.hungUp(), "the second look found the channel: the call goes on");
        control.hangup(call, "NORMAL_CLEARING");
        EslEvent end = call.hangupComplete().get(10, TimeUnit.SECONDS);
        assertEquals("NORMAL_CLEARING", end.get("Hangup-Cause"), "its real end is seen, not INTERRUPTED");
    }

    @Test
    void aCallStillWithoutAChannelAtTheSecondLookIsInterrupted() throws Exception {
        Call call = originateNotYetListed();
        resync(Duration.ofMillis(300)).run(List.of(call));
        assertFalse(call.hungUp(), "not closed on the first look");
        EslEvent end = call.hangupComplete().get(10, TimeUnit.SECONDS);
        assertEquals("INTERRUPTED", end.get("Hangup-Cause"));
        assertEquals("-ERR INTERRUPTED", call.originateResult().getNow("").strip());
    }
}
