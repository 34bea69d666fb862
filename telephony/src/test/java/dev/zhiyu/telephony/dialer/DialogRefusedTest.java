package dev.zhiyu.telephony.dialer;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lead whose dialog cannot start (its list lacks a variable the scenario requires; the real switch then held an
 * answered customer in silence and the call was recorded COMPLETED with 0 s talk, a WARN the only trace): the call is
 * hung up at once, recorded FAILED with the reason in its transcript, alerted, and not dialled again.
 */
class DialogRefusedTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private FsSimulator sim;
    private CallControl control;

    @AfterEach
    void stop() throws Exception {
        if (control != null) {
            control.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void anAnsweredCallWhoseDialogCannotOpenIsHungUpAndRecordedFailedWithTheReason() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers(Callee.says("是我")));
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", sim.start(), "ClueCon"), clock, alerts::add)
                .start();
        store.putList("list1", List.of(new Lead("L0", "list1", 2, "+8613900000000", "13900000000", Map.of())));
        store.saveTask(new TaskSpec("T1", "acme", "list1", "account_opening", List.of("057188880000"), List.of("gw1"),
                10, 20, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 3, TaskSpec.defaultRetryDelays(),
                3, 30));
        DialogEngine refusing = request -> {
            throw new IllegalArgumentException("场景 account_opening 缺少必填变量 customer_name");
        };
        Dialer dialer = new Dialer(store, control, refusing, new DialogBridge.Settings("test", "default",
                Duration.ofSeconds(6), Duration.ofMinutes(1), null, "queue:"), clock, alerts::add, r -> { });
        dialer.start("T1");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.records("T1").isEmpty() || dialer.active() > 0) {
            assertTrue(System.nanoTime() < deadline, "the call did not end");
            dialer.tick("T1");
            Thread.sleep(10);
        }
        CallRecord r = store.records("T1").get(0);
        assertEquals(Disposition.FAILED, r.disposition(), r.toString());
        assertFalse(r.disposition().retryable());
        assertTrue(r.transcript().stream().anyMatch(l -> l.contains("customer_name")), r.transcript().toString());
        assertTrue(alerts.stream().anyMatch(a -> a.contains(r.callId()) && a.contains("customer_name")), alerts.toString());
        assertEquals(0, sim.liveChannels(), "the customer is not left in silence");
        clock.advance(Duration.ofDays(1));
        dialer.tick("T1");
        assertEquals(1, store.records("T1").size(), "a lead the scenario cannot talk to is not dialled again");
    }
}
