package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 200 leads, ten callee behaviours, DNC and opt-outs, a calling window on a manual clock, a concurrency cap. */
class DialerEndToEndTest {

    static final ZoneId SHANGHAI = SimRig.SHANGHAI;
    private SimRig rig;

    static Callee behaviour(int i) {
        return switch (i % 10) {
            case 0 -> Callee.answers(Callee.says("我要转人工"));
            case 1 -> Callee.answers(Callee.says("不需要，别再打了"));
            case 2 -> Callee.answers(Callee.saysEither("好的我会继续", 0.8, "好的我会继续开户", 0.6)).duplicatingSpeech();
            case 3 -> Callee.answers(new Callee.Utterance.Silence());
            case 4 -> Callee.of(Callee.Kind.BUSY);
            case 5 -> Callee.of(Callee.Kind.NO_ANSWER);
            case 6 -> Callee.of(Callee.Kind.INVALID_NUMBER);
            case 7 -> Callee.of(Callee.Kind.REJECT);
            case 8 -> Callee.of(Callee.Kind.CARRIER_FAULT);
            default -> Callee.answers(new Callee.Utterance.HangUp());
        };
    }

    static Disposition expected(int i) {
        return switch (i % 10) {
            case 0 -> Disposition.TRANSFERRED;
            case 4 -> Disposition.BUSY;
            case 5 -> Disposition.NO_ANSWER;
            case 6 -> Disposition.INVALID_NUMBER;
            case 7 -> Disposition.REJECTED;
            case 8 -> Disposition.CARRIER_FAULT;
            case 9 -> Disposition.EARLY_HANGUP; // hung up during the greeting without a word
            default -> Disposition.COMPLETED;
        };
    }

    static String number(int i) {
        return String.format("1390000%04d", i);
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void twoHundredLeadsRunToCompletionUnderTheCaps() throws Exception {
        Map<String, Callee> callees = new HashMap<>();
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            callees.put(number(i), behaviour(i));
            leads.add(new Lead("L" + i, "list1", i + 2, "+86" + number(i), number(i), Map.of("开户步骤", "视频认证")));
        }
        rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), callees::get),
                ZonedDateTime.of(2026, 3, 2, 8, 30, 0, 0, SHANGHAI).toInstant());
        ManualClock clock = rig.clock;
        List<String> alerts = rig.alerts;
        FsSimulator sim = rig.sim;
        InMemoryDialerStore store = rig.store;
        store.putList("list1", leads);
        Set<String> dnc = Set.of(number(11), number(31), number(51));
        dnc.forEach(n -> store.addDnc("acme", "+86" + n));
        store.optOut("acme", "+86" + number(71), "earlier task");
        TaskSpec task = new TaskSpec("T1", "acme", "list1", "account_opening", List.of("057188880000", "057188880001"),
                List.of("gw1", "gw2"), 10, 20, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 3,
                TaskSpec.defaultRetryDelays(), 3, 30);
        store.saveTask(task);
        Dialer dialer = rig.dialer(new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(5), "/rec", "queue:", "test"));
        dialer.start("T1");

        List<ZonedDateTime> dialTimes = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (store.status("T1") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "task did not finish; records=" + store.records("T1").size());
            if (dialer.tick("T1") > 0) {
                dialTimes.add(clock.instant().atZone(SHANGHAI));
            }
            Thread.sleep(5);
            if (dialer.active() == 0 || dialer.active() < 10) {
                clock.advance(Duration.ofSeconds(20));
            }
        }

        List<CallRecord> records = store.records("T1");
        Map<String, List<CallRecord>> byLead = records.stream().collect(Collectors.groupingBy(CallRecord::leadId));
        Map<String, Long> dialCounts = sim.dialled().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        for (int i = 0; i < 200; i++) {
            String n = number(i);
            if (dnc.contains(n) || i == 71) {
                assertFalse(dialCounts.containsKey(n), "DNC/opted-out number dialled: " + n);
                continue;
            }
            List<CallRecord> rs = new ArrayList<>(byLead.get("L" + i));
            rs.sort((a, b) -> Integer.compare(a.attempt(), b.attempt()));
            assertEquals(expected(i), rs.get(rs.size() - 1).disposition(), "lead " + i + " " + rs);
            long expectedDials = expected(i).retryable() ? 3 : 1;
            assertEquals(expectedDials, dialCounts.get(n), "dials of lead " + i);
            assertEquals(expectedDials, rs.size(), "one record per attempt for lead " + i);
            if (i % 10 == 8) {
                assertEquals(List.of("gw1", "gw2", "gw1"), rs.stream().map(CallRecord::gateway).toList(),
                        "carrier faults move to the other gateway");
            }
        }
        for (CallRecord r : records) {
            LocalTime t = r.originatedAt().atZone(SHANGHAI).toLocalTime();
            assertTrue(!t.isBefore(LocalTime.of(9, 0)) && t.isBefore(LocalTime.of(20, 0)), "dialled outside window: " + t);
        }
        assertTrue(dialer.peakConcurrent() <= 10, "peak " + dialer.peakConcurrent());
        assertTrue(store.blocked("acme", "+86" + number(1)), "opt-out captured in dialog");
        assertFalse(store.blocked("acme", "+86" + number(7)), "a SIP 603 decline is not an opt-out");
        CallRecord transferred = byLead.get("L0").get(0);
        assertEquals("queue:sales", transferred.transferredTo());
        assertEquals("transfer", transferred.outcome());
        assertTrue(transferred.transcript().get(1).contains("我要转人工"), transferred.transcript().toString());
        assertEquals("/rec/acme/" + transferred.callId() + ".wav", transferred.recordingPath(), "recorded in the tenant's own directory");
        assertTrue(byLead.get("L2").get(0).transcript().get(1).contains("好的我会继续"), "N-best best first");
        assertTrue(alerts.stream().anyMatch(a -> a.contains("网关")), "carrier faults alerted");
        Map<String, Long> stats = Dialer.stats(records);
        assertEquals(records.size(), stats.get("dialled"));
        Collections.emptyList();
    }
}
