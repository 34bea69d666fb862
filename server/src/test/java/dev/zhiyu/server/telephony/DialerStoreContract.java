package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DialerStore} must have, run on the in-memory store and on the JDBC store over H2 and
 * PostgreSQL, ending with a small dialer run on the FreeSWITCH simulator against the store.
 */
abstract class DialerStoreContract {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant();

    /** A fresh, empty store of the tenant "acme". */
    abstract DialerStore store();

    abstract void putList(DialerStore store, String listId, List<Lead> leads);

    static List<Lead> leads(String listId, int n) {
        List<Lead> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String num = String.format("1380000%04d", i);
            out.add(new Lead(listId + ":+86" + num, listId, i + 2, "+86" + num, num, Map.of("customer_name", "客户" + i)));
        }
        return out;
    }

    static TaskSpec task(String id, String listId, int maxConcurrent) {
        return new TaskSpec(id, "acme", listId, "s", List.of("057188880000"), List.of("gw1", "gw2"), maxConcurrent, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(LocalDate.of(2026, 5, 1)), 2,
                TaskSpec.defaultRetryDelays(), 3, 30);
    }

    @Test
    void tasksAndStatusesRoundTrip() {
        DialerStore s = store();
        putList(s, "l1", leads("l1", 3));
        TaskSpec spec = task("t1", "l1", 4);
        s.saveTask(spec);
        assertEquals(spec, s.task("t1"));
        assertEquals(TaskStatus.CREATED, s.status("t1"));
        s.setStatus("t1", TaskStatus.RUNNING);
        assertEquals(TaskStatus.RUNNING, s.status("t1"));
        assertNull(s.task("nope"));
        assertEquals(leads("l1", 3), s.leads("l1"), "leads in list order with their variables");
        assertEquals("+8613800000001", s.phoneOf("l1", "l1:+8613800000001"));
    }

    @Test
    void progressDecidesWhatIsDue() {
        DialerStore s = store();
        List<Lead> list = leads("l2", 4);
        putList(s, "l2", list);
        s.saveTask(task("t2", "l2", 4));
        Progress fresh = s.progress("t2", list.get(0).id());
        assertEquals(new Progress(list.get(0).id(), 0, null, false, null, 0), fresh);
        s.saveProgress("t2", new Progress(list.get(0).id(), 1, null, true, Disposition.COMPLETED, 0));
        s.saveProgress("t2", new Progress(list.get(1).id(), 1, T0.plusSeconds(600), false, Disposition.BUSY, 1));
        s.saveProgress("t2", new Progress(list.get(1).id(), 1, T0.plusSeconds(1800), false, Disposition.BUSY, 1));
        assertEquals(new Progress(list.get(1).id(), 1, T0.plusSeconds(1800), false, Disposition.BUSY, 1),
                s.progress("t2", list.get(1).id()), "updated, not duplicated");
        assertEquals(List.of(list.get(2), list.get(3)), s.due("t2", "l2", T0, 10));
        assertEquals(List.of(list.get(2)), s.due("t2", "l2", T0, 1));
        assertEquals(List.of(list.get(1), list.get(2), list.get(3)), s.due("t2", "l2", T0.plusSeconds(1800), 10));
        assertTrue(s.pending("t2", "l2"));
        assertEquals(3, s.undone("t2", "l2"), "a lead waiting for its retry is not done");
        assertEquals(4, s.undone("t-other", "l2"), "another task's progress does not count");
        for (int i = 1; i < 4; i++) {
            s.saveProgress("t2", new Progress(list.get(i).id(), 1, null, true, Disposition.COMPLETED, 0));
        }
        assertFalse(s.pending("t2", "l2"));
        assertEquals(0, s.undone("t2", "l2"));
        assertEquals(List.of(), s.due("t2", "l2", T0.plusSeconds(99_999), 10));
    }

    @Test
    void anAttemptIsClaimedOnceAndRecordedOnce() {
        DialerStore s = store();
        List<Lead> list = leads("l3", 2);
        putList(s, "l3", list);
        s.saveTask(task("t3", "l3", 2));
        Lead lead = list.get(0);
        String call = UUID.randomUUID().toString();
        assertTrue(s.claimAttempt(new OpenAttempt("t3", lead.id(), 1, call, lead.phone(), T0)));
        assertFalse(s.claimAttempt(new OpenAttempt("t3", lead.id(), 1, UUID.randomUUID().toString(), lead.phone(), T0)),
                "the same attempt is never claimed twice");
        assertEquals(List.of(new OpenAttempt("t3", lead.id(), 1, call, lead.phone(), T0)), s.openAttempts("t3"));
        CallRecord r = new CallRecord(call, "acme", "t3", lead.id(), 1, lead.phone(), "gw1", T0, T0.plusSeconds(8),
                T0.plusSeconds(70), "NORMAL_CLEARING", "200", Disposition.COMPLETED, 62, "/rec/" + call + ".wav",
                List.of("机器人: 您好，请问是王先生吗？", "客户: 是我"), "A", null);
        s.finishAttempt(r);
        s.finishAttempt(r);
        assertEquals(List.of(r), s.records("t3"), "written once, read back whole");
        assertTrue(s.openAttempts("t3").isEmpty());
        assertTrue(s.claimAttempt(new OpenAttempt("t3", lead.id(), 2, UUID.randomUUID().toString(), lead.phone(), T0)));
        assertEquals(2, s.dialsOn("acme", lead.phone(), LocalDate.of(2026, 3, 2)));
        assertEquals(0, s.dialsOn("acme", lead.phone(), LocalDate.of(2026, 3, 3)));
        Instant lateEvening = ZonedDateTime.of(2026, 3, 2, 23, 30, 0, 0, SHANGHAI).toInstant(); // 15:30 UTC
        assertTrue(s.claimAttempt(new OpenAttempt("t3", list.get(1).id(), 1, UUID.randomUUID().toString(),
                list.get(1).phone(), lateEvening)));
        assertEquals(1, s.dialsOn("acme", list.get(1).phone(), LocalDate.of(2026, 3, 2)), "days in the tenant's zone");
    }

    @Test
    void anOpenAttemptsRunningTranscriptIsKeptInOrderUntilItsRecordIsWritten() {
        DialerStore s = store();
        List<Lead> list = leads("lines", 1);
        putList(s, "lines", list);
        s.saveTask(task("tlines", "lines", 1));
        Lead lead = list.get(0);
        String call = UUID.randomUUID().toString();
        s.appendLine(call, "机器人: 不该记下");
        assertTrue(s.lines(call).isEmpty(), "no attempt, no lines");
        assertTrue(s.claimAttempt(new OpenAttempt("tlines", lead.id(), 1, call, lead.phone(), T0)));
        List<String> said = List.of("机器人: 您好，请问是王先生吗？", "客户: 是我", "机器人: 您在哪一步停下了？", "客户: 视频验证 [按键 2]");
        said.forEach(l -> s.appendLine(call, l));
        assertEquals(said, s.lines(call), "every line, in order");
        s.finishAttempt(new CallRecord(call, "acme", "tlines", lead.id(), 1, lead.phone(), "gw1", T0, T0.plusSeconds(8),
                T0.plusSeconds(70), "NORMAL_CLEARING", "200", Disposition.COMPLETED, 62, null, said, "A", null));
        assertTrue(s.lines(call).isEmpty(), "the record holds the transcript now");
        s.appendLine(call, "机器人: 迟到的一句");
        assertTrue(s.lines(call).isEmpty(), "a finished attempt takes no more lines");
    }

    @Test
    void anUnconfirmedAttemptKeepsItsNodeAndItsFirstUnconfirmedTimeUntilItIsRecorded() {
        DialerStore s = store();
        List<Lead> list = leads("l9", 3);
        putList(s, "l9", list);
        s.saveTask(task("t9", "l9", 3));
        s.saveTask(task("t9b", "l9", 3));
        String onB = UUID.randomUUID().toString();
        String legacy = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        assertTrue(s.claimAttempt(new OpenAttempt("t9", list.get(0).id(), 1, onB, list.get(0).phone(), T0).withNode("fsB")));
        assertTrue(s.claimAttempt(new OpenAttempt("t9", list.get(1).id(), 1, legacy, list.get(1).phone(), T0.plusSeconds(1))));
        assertTrue(s.claimAttempt(new OpenAttempt("t9b", list.get(0).id(), 1, other, list.get(0).phone(), T0).withNode("fsB")));
        s.markUnconfirmed(onB, T0.plusSeconds(60));
        s.markUnconfirmed(onB, T0.plusSeconds(600)); // a second restart: the grace period is not restarted
        s.markUnconfirmed("no-such-call", T0);
        assertEquals(List.of(
                        new OpenAttempt("t9", list.get(0).id(), 1, onB, list.get(0).phone(), T0, "fsB", T0.plusSeconds(60)),
                        new OpenAttempt("t9", list.get(1).id(), 1, legacy, list.get(1).phone(), T0.plusSeconds(1))),
                s.openAttempts("t9"), "node and first unconfirmed time kept; an attempt without a node reads back null");
        assertEquals(List.of(new OpenAttempt("t9b", list.get(0).id(), 1, other, list.get(0).phone(), T0, "fsB", null)),
                s.openAttempts("t9b"), "another task's attempt on the same node is untouched");
        CallRecord r = new CallRecord(onB, "acme", "t9", list.get(0).id(), 1, list.get(0).phone(), null, T0, null,
                T0.plusSeconds(1800), "INTERRUPTED", null, Disposition.INTERRUPTED, 0, null, List.of(), null, null);
        s.finishAttempt(r);
        s.markUnconfirmed(onB, T0.plusSeconds(900));
        assertEquals(List.of(legacy), s.openAttempts("t9").stream().map(OpenAttempt::callId).toList(),
                "a recorded attempt stays closed");
        assertEquals(List.of(r), s.records("t9"));
    }

    private static CallRecord interrupted(String call, String task, Lead lead, Instant at) {
        return new CallRecord(call, "acme", task, lead.id(), 1, lead.phone(), null, T0, null, at, "INTERRUPTED", null,
                Disposition.INTERRUPTED, 0, null, List.of(), null, null);
    }

    @Test
    void anAttemptClosedWhileItsNodeWasDownIsToBeKilledUntilTheMarkIsCleared() {
        DialerStore s = store();
        List<Lead> list = leads("lk", 2);
        putList(s, "lk", list);
        s.saveTask(task("tk", "lk", 2));
        s.saveTask(task("tk2", "lk", 2));
        String onB = UUID.randomUUID().toString();
        String legacy = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        assertTrue(s.claimAttempt(new OpenAttempt("tk", list.get(0).id(), 1, onB, list.get(0).phone(), T0).withNode("fsB")));
        assertTrue(s.claimAttempt(new OpenAttempt("tk", list.get(1).id(), 1, legacy, list.get(1).phone(), T0.plusSeconds(1))));
        assertTrue(s.claimAttempt(new OpenAttempt("tk2", list.get(0).id(), 1, other, list.get(0).phone(), T0).withNode("fsB")));
        CallRecord rB = interrupted(onB, "tk", list.get(0), T0.plusSeconds(1800));
        CallRecord rLegacy = interrupted(legacy, "tk", list.get(1), T0.plusSeconds(1200));
        s.finishOrphaned(rB, T0.plusSeconds(1800));
        s.finishOrphaned(rB, T0.plusSeconds(3600)); // already closed: no effect
        s.finishOrphaned(rLegacy, T0.plusSeconds(1200));
        s.finishOrphaned(interrupted("no-such-call", "tk", list.get(0), T0), T0);
        assertEquals(List.of(
                        new DialerStore.PendingKill(legacy, "tk", list.get(1).id(), null, T0.plusSeconds(1200)),
                        new DialerStore.PendingKill(onB, "tk", list.get(0).id(), "fsB", T0.plusSeconds(1800))),
                s.pendingKills("tk"), "oldest first, with the node; an attempt without a node reads back null");
        assertEquals(Set.of(rB, rLegacy), Set.copyOf(s.records("tk")), "closed with its record, written once");
        assertTrue(s.openAttempts("tk").isEmpty());
        s.finishAttempt(interrupted(other, "tk2", list.get(0), T0.plusSeconds(60)));
        assertTrue(s.pendingKills("tk2").isEmpty(), "an attempt closed the ordinary way is not to be killed");

        s.clearPendingKill(onB);
        s.clearPendingKill(onB);
        s.clearPendingKill("no-such-call");
        assertEquals(List.of(legacy), s.pendingKills("tk").stream().map(DialerStore.PendingKill::callId).toList());
        assertEquals(2, s.records("tk").size(), "clearing the mark leaves the record");
    }

    @Test
    void dncAndOptOutsBlockNumbers() {
        DialerStore s = store();
        assertFalse(s.blocked("acme", "+8613900000001"));
        s.addDnc("acme", "+8613900000001");
        s.addDnc("acme", "+8613900000001");
        s.optOut("acme", "+8613900000001", "拒接");
        s.optOut("acme", "+8613900000002", "通话中要求不再来电");
        assertTrue(s.blocked("acme", "+8613900000001"));
        assertTrue(s.blocked("acme", "+8613900000002"));
        assertFalse(s.blocked("acme", "+8613900000003"));
    }

    /** Greets, listens once, says goodbye and hangs up; a callee who says "别再打了" opts out. */
    static final class TinyEngine implements DialogEngine {
        @Override
        public DialogSession open(dev.zhiyu.dialog.SessionRequest request) {
            return new DialogSession() {
                int turns;
                String label = "C";

                @Override
                public String id() {
                    return request.sessionId();
                }

                @Override
                public BotTurn start() {
                    return new BotTurn("您好，请问是" + request.variables().get("customer_name") + "吗？", true, List.of());
                }

                @Override
                public BotTurn hear(UserInput input) {
                    turns++;
                    if (input.nbest().get(0).text().contains("别再打")) {
                        label = "D";
                        return new BotTurn("好的，不再打扰，再见。", false, List.of(new BotAction.OptOut(), new BotAction.HangUp()));
                    }
                    label = "A";
                    return new BotTurn("好的，再见。", false, List.of(new BotAction.HangUp()));
                }

                @Override
                public BotTurn silence() {
                    return new BotTurn("再见。", false, List.of(new BotAction.HangUp()));
                }

                @Override
                public Outcome end(EndReason reason) {
                    return new Outcome(label, Map.of(), turns);
                }
            };
        }
    }

    @Test
    void theDialerRunsATaskToCompletionOnThisStore() throws Exception {
        DialerStore s = store();
        List<Lead> list = leads("l5", 24);
        putList(s, "l5", list);
        s.saveTask(task("t5", "l5", 6));
        s.addDnc("acme", list.get(3).phone());
        Map<String, Callee> callees = new java.util.HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            callees.put(list.get(i).dial(), switch (i % 4) {
                case 0 -> Callee.answers(Callee.says("是我，好的"));
                case 1 -> Callee.answers(Callee.says("别再打了"));
                case 2 -> Callee.of(Callee.Kind.INVALID_NUMBER);
                default -> Callee.of(Callee.Kind.BUSY);
            });
        }
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), callees::get)) {
            int port = sim.start();
            MutableClock clock = new MutableClock(T0);
            try (CallControl control = new CallControl(new CallControl.Node("fs", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).start()) {
                Dialer dialer = new Dialer(s, control, new TinyEngine(), new DialogBridge.Settings("test", "default",
                        Duration.ofSeconds(6), Duration.ofMinutes(2), null, "queue:", "test"), clock, a -> { }, r -> { });
                dialer.start("t5");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (s.status("t5") != TaskStatus.COMPLETED) {
                    assertTrue(System.nanoTime() < deadline, "task did not finish: " + s.records("t5").size());
                    dialer.tick("t5");
                    Thread.sleep(10);
                    clock.advance(Duration.ofMinutes(2));
                }
                assertTrue(dialer.peakConcurrent() <= 6, "concurrency cap");
            }
            Map<String, Long> dials = sim.dialled().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
            List<CallRecord> records = s.records("t5");
            assertEquals(dials.values().stream().mapToLong(Long::longValue).sum(), records.size(), "one record per dial");
            for (int i = 0; i < list.size(); i++) {
                Lead l = list.get(i);
                List<CallRecord> rs = records.stream().filter(r -> r.leadId().equals(l.id())).toList();
                if (i == 3) {
                    assertFalse(dials.containsKey(l.dial()), "DNC never dialled");
                    continue;
                }
                Disposition expected = switch (i % 4) {
                    case 0, 1 -> Disposition.COMPLETED;
                    case 2 -> Disposition.INVALID_NUMBER;
                    default -> Disposition.BUSY;
                };
                assertEquals(i % 4 == 3 ? 2 : 1, rs.size(), "attempts of lead " + i + ": " + rs);
                assertEquals(expected, rs.get(rs.size() - 1).disposition(), "lead " + i);
            }
            assertTrue(s.blocked("acme", list.get(1).phone()), "opt-out captured in the dialog");
            CallRecord talked = records.stream().filter(r -> r.leadId().equals(list.get(0).id())).findFirst().orElseThrow();
            assertEquals("A", talked.outcome());
            assertTrue(talked.transcript().contains("客户: 是我，好的"), talked.transcript().toString());
            assertTrue(s.openAttempts("t5").isEmpty());
        }
    }

    @Test
    void aLeadIsLookedUpWithinItsOwnList() {
        DialerStore s = store();
        List<Lead> a = leads("la", 3);
        putList(s, "la", a);
        putList(s, "lb", leads("lb", 2));
        assertEquals(a.get(1), s.lead("la", a.get(1).id()).orElseThrow());
        assertTrue(s.lead("lb", a.get(1).id()).isEmpty(), "a lead of another list is not found there");
        assertTrue(s.lead("la", "nope").isEmpty());
    }

    @Test
    void aCallStillUpAfterADialerCrashIsReattachedAndRecordedOnThisStore() throws Exception {
        DialerStore s = store();
        List<Lead> list = leads("l6", 1);
        putList(s, "l6", list);
        s.saveTask(task("t6", "l6", 2));
        s.setStatus("t6", TaskStatus.RUNNING);
        Lead lead = list.get(0);
        String uuid = UUID.randomUUID().toString();
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("是我，好的")))) {
            int port = sim.start();
            MutableClock clock = new MutableClock(T0);
            // the crashed process: claimed the attempt, originated, then died with the call up
            assertTrue(s.claimAttempt(new OpenAttempt("t6", lead.id(), 1, uuid, lead.phone(), T0)));
            try (CallControl dead = new CallControl(new CallControl.Node("fs", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).start()) {
                var call = dead.originate(new dev.zhiyu.telephony.OriginateRequest(uuid, "gw1", lead.dial(),
                        "057188880000", 30, "acme", "t6", lead.id()));
                assertTrue(call.originateResult().get(10, java.util.concurrent.TimeUnit.SECONDS).startsWith("+OK"));
            }
            try (CallControl control = new CallControl(new CallControl.Node("fs", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).start()) {
                List<String> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
                Dialer dialer = new Dialer(s, control, new TinyEngine(), new DialogBridge.Settings("test", "default",
                        Duration.ofSeconds(6), Duration.ofMinutes(2), "/rec", "queue:", "test"), clock, alerts::add, r -> { });
                List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
                dialer.onState(st -> states.add(st.state()));
                dialer.start("t6");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (s.records("t6").isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "the re-attached call was not recorded: " + alerts + states
                            + sim.liveChannels() + " " + s.openAttempts("t6") + " " + control.connected());
                    Thread.sleep(20);
                }
            }
            CallRecord r = s.records("t6").get(0);
            assertEquals(uuid, r.callId());
            assertEquals(1, r.attempt());
            assertEquals(Disposition.COMPLETED, r.disposition());
            assertEquals("A", r.outcome(), "the new dialog session heard the callee");
            assertEquals("/rec/acme/" + uuid + ".wav", r.recordingPath(), "the recording started before the crash is kept");
            assertTrue(r.transcript().stream().anyMatch(l -> l.contains("重新接管")), r.transcript().toString());
            assertEquals(List.of(lead.dial()), sim.dialled(), "dialled once only");
            assertTrue(s.openAttempts("t6").isEmpty());
        }
    }

    /** A clock the test moves (the simulator's own timing stays real). */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
