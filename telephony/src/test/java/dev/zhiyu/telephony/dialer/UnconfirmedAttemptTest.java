package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.DialerStore.OpenAttempt;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EventFormat;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two FreeSWITCH nodes; a call is up on node B when the dialer dies, and B is down when the dialer starts again:
 * the attempt stays unconfirmed (its lead is not dialled, it holds one of the task's lines) until B is back, or
 * until the grace period ends.
 */
class UnconfirmedAttemptTest {

    private static final String REC = "/var/lib/zhiyu/rec";
    private static final DialogBridge.Settings SETTINGS = new DialogBridge.Settings("test", "default",
            Duration.ofSeconds(2), Duration.ofSeconds(120), REC, "queue:", "test");

    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Lead> leads = new ArrayList<>();
    private FsSimulator simA;
    private FsSimulator simB;

    /** One dialer process: its view of the store and its ESL connections die with it. */
    private final class Process {
        final AtomicBoolean dead = new AtomicBoolean();
        final List<CallControl> controls = new ArrayList<>();
        Dialer dialer;

        void crash() {
            dead.set(true);
            controls.forEach(CallControl::close);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        simA = sim();
        simB = sim();
        for (int i = 0; i < 4; i++) {
            String n = String.format("1390000%04d", i);
            leads.add(new Lead("L" + i, "l", i, "+86" + n, n, Map.of()));
        }
        store.putList("l", leads);
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1", "gw2"), 2, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 2, TaskSpec.defaultRetryDelays(), 5, 30));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private FsSimulator sim() throws IOException {
        FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("我在考虑"), Callee.says("好的")));
        sim.start();
        open.add(sim);
        return sim;
    }

    private DialerStore dying(AtomicBoolean dead) {
        return (DialerStore) Proxy.newProxyInstance(DialerStore.class.getClassLoader(), new Class<?>[]{DialerStore.class},
                (proxy, m, args) -> {
                    if (dead.get()) {
                        throw new IllegalStateException("进程已崩溃");
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A node's call control; a node that is down is retried in the background, as the server does. */
    private CallControl node(Process p, String name, FsSimulator sim) {
        CallControl c = new CallControl(new CallControl.Node(name, "127.0.0.1", sim.port(), "ClueCon"), clock, alerts::add)
                .backoffMax(Duration.ofMillis(100));
        try {
            c.start();
        } catch (IOException e) {
            c.retryInBackground();
        }
        p.controls.add(c);
        open.add(c);
        return c;
    }

    /** A dialer process over nodes fsA and fsB. */
    private Process process() {
        Process p = new Process();
        NodePool pool = new NodePool().add(node(p, "fsA", simA), NodePool.Limits.unlimited())
                .add(node(p, "fsB", simB), NodePool.Limits.unlimited());
        p.dialer = new Dialer(dying(p.dead), pool, new ScriptedDialogEngine(), SETTINGS, clock, alerts::add, r -> { });
        return p;
    }

    /**
     * The first process has only node B, where only gw2 is configured, and one line: it dials L0 (its saved gateway
     * index still says gw1) and dies once the call is answered. B then goes down with the call still up.
     */
    private String callUpOnBThenBDown() throws Exception {
        Process first = new Process();
        NodePool pool = new NodePool().add(node(first, "fsB", simB), new NodePool.Limits(Set.of("gw2"), 10, 50));
        first.dialer = new Dialer(dying(first.dead), pool, new ScriptedDialogEngine(), SETTINGS, clock, alerts::add, r -> { });
        first.dialer.maxCalls(1);
        AtomicReference<String> answered = new AtomicReference<>();
        first.dialer.onState(s -> {
            if (s.state().equals("answered")) {
                answered.set(s.callId());
            }
        });
        first.dialer.start("T");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (answered.get() == null) {
            assertTrue(System.nanoTime() < deadline, "the first call was answered");
            first.dialer.tick("T");
            Thread.sleep(10);
        }
        first.crash();
        simB.goOffline();
        assertEquals(List.of(dial(0)), simB.dialled());
        assertEquals(1, simB.liveChannels(), "the call is still up on B");
        return answered.get();
    }

    private static String dial(int lead) {
        return String.format("1390000%04d", lead);
    }

    private OpenAttempt open(String callId) {
        return store.openAttempts("T").stream().filter(a -> a.callId().equals(callId)).findFirst().orElseThrow();
    }

    private CallRecord record(String callId) {
        return store.records("T").stream().filter(r -> r.callId().equals(callId)).findFirst().orElseThrow();
    }

    private List<String> dialledEverywhere() {
        List<String> all = new ArrayList<>(simA.dialled());
        all.addAll(simB.dialled());
        return all;
    }

    /** Ticks while B is down until the other three leads are done; returns the most calls up on A at once. */
    private int runWhileBIsDown(Process p) throws Exception {
        int peak = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.records("T").size() < 3) {
            assertTrue(System.nanoTime() < deadline, "the other leads were called: " + store.records("T"));
            p.dialer.tick("T");
            peak = Math.max(peak, p.controls.get(0).liveCalls());
            Thread.sleep(10);
            clock.advance(Duration.ofMillis(50));
        }
        for (int i = 0; i < 20; i++) { // L0 is due all along: it must still not be dialled
            p.dialer.tick("T");
            Thread.sleep(10);
        }
        return peak;
    }

    private void runUntilDone(Process p, Duration step) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.status("T") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "task did not finish: open " + store.openAttempts("T"));
            p.dialer.tick("T");
            Thread.sleep(10);
            clock.advance(step);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached");
            Thread.sleep(10);
        }
    }

    private void assertL0DialledOnce(String why) {
        assertEquals(1, dialledEverywhere().stream().filter(dial(0)::equals).count(), why);
    }

    private void assertEveryAttemptRecordedOnce() {
        List<CallRecord> records = store.records("T");
        assertEquals(records.size(), records.stream().map(r -> r.leadId() + "#" + r.attempt()).distinct().count(),
                "no attempt recorded twice");
        Map<String, Long> dials = dialledEverywhere().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        Map<String, Long> recs = records.stream().collect(Collectors.groupingBy(r -> r.phone().substring(3), Collectors.counting()));
        assertEquals(dials, recs, "every originate has exactly one record");
        assertTrue(store.openAttempts("T").isEmpty(), "no attempt left open");
    }

    @Test
    void nodeDownAtStartHoldsTheLeadAndItsLineThenTheCallIsReattachedWithItsGatewayWhenTheNodeIsBack() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = process();
        second.dialer.start("T");
        assertEquals(1, second.dialer.unconfirmed("T"));
        OpenAttempt held = open(call);
        assertEquals("fsB", held.node(), "the node the originate went to is on the attempt");
        assertEquals(clock.instant(), held.unconfirmedSince(), "stored as unconfirmed");
        assertTrue(alerts.stream().anyMatch(a -> a.contains("fsB") && a.contains(call)), alerts.toString());

        int peakOnA = runWhileBIsDown(second);
        assertEquals(1, peakOnA, "the unconfirmed call holds one of the task's 2 lines");
        assertEquals(List.of(dial(1), dial(2), dial(3)), simA.dialled().stream().sorted().toList(),
                "the other leads are dialled, the unconfirmed one is not");
        assertEquals(1, second.dialer.unconfirmed("T"));
        assertEquals(TaskStatus.RUNNING, store.status("T"), "a held lead keeps the task from completing");

        simB.start(); // back, with the call still up
        runUntilDone(second, Duration.ofMillis(50));
        assertEquals(0, second.dialer.unconfirmed("T"));
        CallRecord r = record(call);
        assertEquals(Disposition.COMPLETED, r.disposition(), "continued, not interrupted: " + r);
        assertTrue(r.transcript().stream().anyMatch(l -> l.contains("重新接管")), "dialog re-opened: " + r.transcript());
        assertEquals(REC + "/acme/" + call + ".wav", r.recordingPath(), "the recording running in FreeSWITCH is kept");
        assertEquals("gw2", r.gateway(), "the channel's sip_gateway_name, not the saved gateway index (gw1)");
        assertEquals(1, r.attempt());
        assertEquals(List.of(dial(0)), simB.dialled(), "L0 dialled once");
        assertEveryAttemptRecordedOnce();
    }

    @Test
    void nodeBackWithoutTheCallClosesItAsInterruptedAndTheLeadIsRetriedAfterTheRetryDelay() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = process();
        second.dialer.start("T");
        assertEquals(1, second.dialer.unconfirmed("T"));
        runWhileBIsDown(second);
        assertL0DialledOnce("not dialled while unconfirmed");

        simB.restart(); // FreeSWITCH on B restarted while it was unreachable: the channel is gone
        waitFor(() -> {
            second.dialer.tick("T");
            return store.records("T").stream().anyMatch(r -> r.callId().equals(call));
        });
        CallRecord r = record(call);
        assertEquals(Disposition.INTERRUPTED, r.disposition());
        assertNull(r.answeredAt(), "nothing is made up about a call whose end was not seen");
        DialerStore.Progress p = store.progress("T", "L0");
        assertEquals(r.hungUpAt().plus(Duration.ofMinutes(10)), p.nextAt(), "interrupted: retried after 10 minutes");
        assertFalse(p.done());
        assertEquals(0, second.dialer.unconfirmed("T"));

        runUntilDone(second, Duration.ofMinutes(1));
        CallRecord retry = store.records("T").stream().filter(x -> x.leadId().equals("L0") && x.attempt() == 2)
                .findFirst().orElseThrow();
        assertFalse(retry.originatedAt().isBefore(p.nextAt()), "the retry waited for its time");
        assertEquals(2, dialledEverywhere().stream().filter(dial(0)::equals).count(), "attempt 1 on B, then attempt 2");
        assertEveryAttemptRecordedOnce();
    }

    @Test
    void nodeDownBeyondTheGracePeriodClosesTheAttemptWithAnAlert() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = process();
        assertThrows(IllegalArgumentException.class, () -> second.dialer.unconfirmedGrace(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> second.dialer.unconfirmedGrace(Duration.ofSeconds(-5)));
        second.dialer.unconfirmedGrace(Duration.ofSeconds(20));
        second.dialer.start("T");
        clock.advance(Duration.ofSeconds(19));
        second.dialer.tick("T");
        assertEquals(1, second.dialer.unconfirmed("T"), "still within the grace period");
        clock.advance(Duration.ofSeconds(1));
        second.dialer.tick("T");
        assertEquals(0, second.dialer.unconfirmed("T"));
        CallRecord r = record(call);
        assertEquals(Disposition.INTERRUPTED, r.disposition());
        assertTrue(alerts.stream().anyMatch(a -> a.contains("超过等待时间") && a.contains(call)), alerts.toString());
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)), store.progress("T", "L0").nextAt());
        assertL0DialledOnce("not redialled before its retry time");
    }

    @Test
    void aRestartWhileUnconfirmedKeepsItUnconfirmedFromTheFirstTimeAndTheCallsMaxDurationEndsTheWait() throws Exception {
        String call = callUpOnBThenBDown();
        Instant claimed = open(call).claimedAt();
        Process second = process();
        second.dialer.start("T");
        Instant since = open(call).unconfirmedSince();
        assertNotNull(since);
        clock.advance(Duration.ofSeconds(30));
        second.dialer.tick("T");
        second.crash();

        Process third = process();
        third.dialer.start("T");
        assertEquals(1, third.dialer.unconfirmed("T"), "B is still down: still unconfirmed");
        assertEquals(since, open(call).unconfirmedSince(), "the first unconfirmed time is kept");
        third.dialer.tick("T");
        assertL0DialledOnce("L0 not dialled by either restart");

        // default grace (30 min), but a dialog call cannot outlast originate timeout + max duration (30 s + 120 s)
        Instant callEnd = claimed.plusSeconds(30).plus(SETTINGS.maxDuration());
        clock.advance(Duration.between(clock.instant(), callEnd).minusSeconds(1));
        third.dialer.tick("T");
        assertEquals(1, third.dialer.unconfirmed("T"));
        clock.advance(Duration.ofSeconds(1));
        third.dialer.tick("T");
        assertEquals(0, third.dialer.unconfirmed("T"));
        assertEquals(Disposition.INTERRUPTED, record(call).disposition());
    }

    @Test
    void anAttemptWithoutARecordedNodeWaitsForEveryNodeAndAnotherOwnersChannelIsLeftAlone() throws Exception {
        // an attempt claimed before nodes were recorded; B has a channel with its uuid, but of another tenant
        String uuid = UUID.randomUUID().toString();
        store.claimAttempt(new OpenAttempt("T", "L0", 1, uuid, leads.get(0).phone(), clock.instant()));
        Process other = new Process();
        CallControl onB = node(other, "fsB", simB);
        onB.originate(new OriginateRequest(uuid, "gw1", dial(0), "057188880000", 30, "globex", "T", "L0"));
        waitFor(() -> simB.liveChannels() == 1);
        simB.goOffline();

        Process second = process();
        second.dialer.start("T");
        assertEquals(1, second.dialer.unconfirmed("T"), "any node that is down may have it");
        assertNull(open(uuid).node());
        simB.start();
        waitFor(() -> {
            second.dialer.tick("T");
            return second.dialer.unconfirmed("T") == 0;
        });
        assertEquals(Disposition.INTERRUPTED, record(uuid).disposition(), "not ours: closed as interrupted");
        CallControl look = node(new Process(), "look", simB);
        assertEquals("true", look.api("uuid_exists " + uuid).get(5, TimeUnit.SECONDS).strip(),
                "the other owner's call is left alone");
    }

    // ---- channels left up on a node that stayed down past the deadline ----

    /**
     * Every channel end on {@code sim} from now on, as "uuid cause disposition": a channel we killed ends with
     * {@code send_bye}, one the callee ended with {@code recv_bye}.
     */
    private List<String> hangupsOn(FsSimulator sim) throws IOException {
        List<String> out = new CopyOnWriteArrayList<>();
        EslClient c = EslClient.connect("127.0.0.1", sim.port(), "ClueCon", Duration.ofSeconds(5), e -> {
            if (e.name().equals("CHANNEL_HANGUP_COMPLETE")) {
                out.add(e.uniqueId() + " " + e.get("Hangup-Cause") + " " + e.variable("sip_hangup_disposition"));
            }
        });
        c.events(EventFormat.PLAIN, "CHANNEL_HANGUP_COMPLETE");
        open.add(c);
        return out;
    }

    /** A second process with a 20 s grace period closes the attempt on B (still down) as interrupted. */
    private Process closedByTheGracePeriod(String call) throws Exception {
        Process p = process();
        p.dialer.unconfirmedGrace(Duration.ofSeconds(20));
        p.dialer.start("T");
        clock.advance(Duration.ofSeconds(20));
        p.dialer.tick("T");
        assertEquals(Disposition.INTERRUPTED, record(call).disposition());
        assertEquals(1, p.dialer.pendingKills("T"));
        assertEquals(List.of(new DialerStore.PendingKill(call, "T", "L0", "fsB", clock.instant())),
                store.pendingKills("T"), "remembered in the store: its channel is to be hung up on fsB");
        return p;
    }

    /** Past L0's retry time, with B still down: the other leads are called, L0 is not. */
    private void retryTimePassesWhileBIsDown(Process p) throws Exception {
        clock.advance(Duration.ofMinutes(11));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.records("T").size() < 4) {
            assertTrue(System.nanoTime() < deadline, "the other leads were called: " + store.records("T"));
            p.dialer.tick("T");
            Thread.sleep(10);
            clock.advance(Duration.ofMillis(50));
        }
        for (int i = 0; i < 20; i++) {
            p.dialer.tick("T");
            Thread.sleep(10);
        }
        assertL0DialledOnce("not redialled while its first call may still be up on B");
        assertTrue(store.progress("T", "L0").nextAt().isBefore(clock.instant()), "L0's retry is due");
        assertEquals(TaskStatus.RUNNING, store.status("T"));
    }

    private void tickUntilNoKillPending(Process p) throws Exception {
        waitFor(() -> {
            p.dialer.tick("T");
            return p.dialer.pendingKills("T") == 0;
        });
        assertTrue(store.pendingKills("T").isEmpty(), "cleared in the store");
    }

    @Test
    void aChannelLeftUpOnANodeBackAfterTheDeadlineIsKilledAndItsLeadWaitsUntilThen() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = closedByTheGracePeriod(call);
        retryTimePassesWhileBIsDown(second);
        assertEquals(1, simB.liveChannels(), "the callee is still on the line on B");

        simB.start(); // back, the call still up with nobody controlling it
        List<String> ended = hangupsOn(simB);
        tickUntilNoKillPending(second);
        waitFor(() -> simB.liveChannels() == 0);
        waitFor(() -> !ended.isEmpty());
        assertEquals(List.of(call + " NORMAL_CLEARING send_bye"), ended, "uuid_kill of exactly that channel");
        assertTrue(alerts.stream().anyMatch(a -> a.contains("fsB") && a.contains(call) && a.contains("L0")
                && a.contains("已挂断")), alerts.toString());

        assertTrue(alerts.stream().anyMatch(a -> a.contains(call) && a.contains("通话完成") && a.contains("不再重拨")),
                alerts.toString());
        assertTrue(store.progress("T", "L0").done(), "the call was answered: the interrupted attempt's retry is dropped");
        runUntilDone(second, Duration.ofMillis(50));
        assertL0DialledOnce("an answered call is not dialled again, even one closed as interrupted");
        assertEveryAttemptRecordedOnce();
    }

    @Test
    void aNodeBackWithoutTheChannelKillsNothingAndTheLeadBecomesDialable() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = closedByTheGracePeriod(call);
        retryTimePassesWhileBIsDown(second);

        simB.restart(); // the channel is gone
        List<String> ended = hangupsOn(simB);
        tickUntilNoKillPending(second);
        runUntilDone(second, Duration.ofMillis(50));
        assertEquals(2, dialledEverywhere().stream().filter(dial(0)::equals).count(), "L0 retried once B was checked");
        assertTrue(ended.stream().noneMatch(e -> e.endsWith("send_bye")), "nothing killed: " + ended);
        assertFalse(alerts.stream().anyMatch(a -> a.contains("已挂断")), alerts.toString());
        assertEveryAttemptRecordedOnce();
    }

    @Test
    void aRestartWhileTheKillIsPendingKeepsItPendingAndTheNextProcessKills() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = closedByTheGracePeriod(call);
        second.crash();

        Process third = process();
        third.dialer.start("T");
        assertEquals(1, third.dialer.pendingKills("T"), "still pending after the restart");
        assertEquals(0, third.dialer.unconfirmed("T"), "the attempt itself stays closed");
        retryTimePassesWhileBIsDown(third);

        simB.start();
        List<String> ended = hangupsOn(simB);
        tickUntilNoKillPending(third);
        waitFor(() -> !ended.isEmpty());
        assertEquals(List.of(call + " NORMAL_CLEARING send_bye"), ended);
        assertEquals(1, store.records("T").stream().filter(r -> r.callId().equals(call)).count(), "recorded once");
    }

    @Test
    void anotherOwnersChannelWithTheSameUuidIsNotKilled() throws Exception {
        String uuid = UUID.randomUUID().toString();
        store.claimAttempt(new OpenAttempt("T", "L0", 1, uuid, leads.get(0).phone(), clock.instant()).withNode("fsB"));
        Process other = new Process();
        CallControl onB = node(other, "fsB", simB);
        onB.originate(new OriginateRequest(uuid, "gw1", dial(0), "057188880000", 30, "globex", "T", "L0"));
        waitFor(() -> simB.liveChannels() == 1);
        other.crash();
        simB.goOffline();

        Process second = closedByTheGracePeriod(uuid);
        simB.start();
        List<String> ended = hangupsOn(simB);
        tickUntilNoKillPending(second);
        CallControl look = node(new Process(), "look", simB);
        assertEquals("true", look.api("uuid_exists " + uuid).get(5, TimeUnit.SECONDS).strip(),
                "the other tenant's call is left alone");
        assertTrue(ended.isEmpty(), "nothing killed: " + ended);
        assertTrue(alerts.stream().anyMatch(a -> a.contains(uuid) && a.contains("未挂断")), alerts.toString());
    }

    @Test
    void aPendingKillHoldsTheLeadForADayAtMost() throws Exception {
        String call = callUpOnBThenBDown();
        Process second = closedByTheGracePeriod(call);
        clock.advance(OrphanKills.HOLD_MAX.minusMinutes(1));
        for (int i = 0; i < 20; i++) {
            second.dialer.tick("T");
            Thread.sleep(10);
        }
        assertL0DialledOnce("held for almost a day");
        clock.advance(Duration.ofMinutes(1));
        waitFor(() -> {
            second.dialer.tick("T");
            return simA.dialled().contains(dial(0));
        });
        assertEquals(1, second.dialer.pendingKills("T"), "B is still to be checked when it is back");
    }
}
