package dev.zhiyu.telephony.dialer;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lead whose dialog cannot start (its list lacks a variable the scenario requires; the real switch then held an
 * answered customer in silence and the call was recorded COMPLETED with 0 s talk, a WARN the only trace): the call is
 * hung up at once, recorded FAILED with the reason in its transcript, alerted, and not dialled again.
 */
class DialogRefusedTest {
    private SimRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void anAnsweredCallWhoseDialogCannotOpenIsHungUpAndRecordedFailedWithTheReason() throws Exception {
        rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers(Callee.says("是我"))));
        rig.task(List.of(new Lead("L0", "list1", 2, "+8613900000000", "13900000000", Map.of())));
        DialogEngine refusing = request -> {
            throw new IllegalArgumentException("场景 account_opening 缺少必填变量 customer_name");
        };
        Dialer dialer = rig.dialer(refusing, new DialogBridge.Settings("test", "default", Duration.ofSeconds(6),
                Duration.ofMinutes(1), null, "queue:", "test"));
        dialer.start("T1");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rig.store.records("T1").isEmpty() || dialer.active() > 0) {
            assertTrue(System.nanoTime() < deadline, "the call did not end");
            dialer.tick("T1");
            Thread.sleep(10);
        }
        CallRecord r = rig.store.records("T1").get(0);
        assertEquals(Disposition.FAILED, r.disposition(), r.toString());
        assertFalse(r.disposition().retryable());
        assertTrue(r.transcript().stream().anyMatch(l -> l.contains("customer_name")), r.transcript().toString());
        assertTrue(rig.alerts.stream().anyMatch(a -> a.contains(r.callId()) && a.contains("customer_name")), rig.alerts.toString());
        assertEquals(0, rig.sim.liveChannels(), "the customer is not left in silence");
        rig.clock.advance(Duration.ofDays(1));
        dialer.tick("T1");
        assertEquals(1, rig.store.records("T1").size(), "a lead the scenario cannot talk to is not dialled again");
    }
}
