package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dialer dies (kill -9: no hang-up, no record) while its calls ring; while it is down one callee answers and
 * waits, one answers and hangs up, one is busy. A new dialer on the same store takes the outcome of each from the
 * switch: the answered-and-ended call is COMPLETED and never dialled again, the busy one BUSY, the one still up is
 * re-attached and hears no second greeting.
 */
class OutageReconciliationTest {

    private static final String WAITS = "13700000000";
    private static final String HUNG_UP = "13700000001";
    private static final String BUSY = "13700000002";

    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final AtomicBoolean killed = new AtomicBoolean();
    private final List<CallControl> controls = new ArrayList<>();
    private FsSimulator sim;

    @AfterEach
    void stop() throws Exception {
        controls.forEach(CallControl::close);
        sim.close();
    }

    private static Callee callee(String number) {
        Callee c = switch (number) {
            case WAITS -> Callee.answers(Callee.says("我在考虑"));
            case HUNG_UP -> Callee.answers().hangsUpOnSilenceAfter(2_000);
            default -> Callee.of(Callee.Kind.BUSY);
        };
        return c.ringing(30_000); // 1.5 s at this time scale: the dialer is gone before anyone answers
    }

    private Dialer dialer(DialerStore view) throws Exception {
        CallControl c = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.port(), "ClueCon"), clock, a -> { })
                .backoffMax(Duration.ofMillis(200))
                // these tests cut the link for seconds on purpose: the switch's dead-air guard must not end the call
                .deadAir(Duration.ofSeconds(60), "sorry.wav", Duration.ofSeconds(2)).start();
        controls.add(c);
        return new Dialer(view, c, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofSeconds(20), null, "queue:", "test"),
                clock, a -> { }, r -> { });
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    private CallRecord first(String phone) {
        return store.records("T").stream().filter(r -> r.phone().endsWith(phone))
                .min(Comparator.comparingInt(CallRecord::attempt)).orElseThrow();
    }

    private long dials(String number) {
        return sim.dialled().stream().filter(number::equals).count();
    }

    @Test
    void aRestartedDialerTakesEachCallsOutcomeFromTheSwitch() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05), OutageReconciliationTest::callee);
        sim.start();
        store.putList("l", List.of(new Lead("L0", "l", 0, "+86" + WAITS, WAITS, Map.of()),
                new Lead("L1", "l", 1, "+86" + HUNG_UP, HUNG_UP, Map.of()),
                new Lead("L2", "l", 2, "+86" + BUSY, BUSY, Map.of())));
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 5, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 2, TaskSpec.defaultRetryDelays(), 5, 30));

        Dialer first = dialer(FailingStore.of(store, m -> killed.get(), "进程已被杀死"));
        first.start("T");
        await(() -> {
            first.tick("T");
            return sim.liveChannels() == 3;
        }, "three calls ring");
        killed.set(true); // kill -9: its threads can no longer write, its ESL socket goes away, nothing is hung up
        controls.get(0).close();
        await(() -> sim.liveChannels() == 1, "the busy and the impatient callee ended while no dialer was there");
        assertEquals(2, sim.hashEntries(), "the switch recorded both ends");

        Dialer second = dialer(store);
        second.start("T");
        await(() -> {
            second.tick("T");
            clock.advance(Duration.ofMinutes(1));
            return store.status("T") == TaskStatus.COMPLETED;
        }, "the task finishes");

        CallRecord hungUp = first(HUNG_UP);
        assertEquals(Disposition.COMPLETED, hungUp.disposition(), "answered, then the callee hung up: " + hungUp);
        assertEquals("NORMAL_CLEARING", hungUp.hangupCause());
        assertNotNull(hungUp.answeredAt(), "the switch saw the answer");
        assertEquals(1, dials(HUNG_UP), "an answered call is never dialled again");

        CallRecord busy = first(BUSY);
        assertEquals(Disposition.BUSY, busy.disposition(), "its real outcome, not INTERRUPTED: " + busy);
        assertNull(busy.answeredAt());

        CallRecord waited = first(WAITS);
        assertEquals(Disposition.COMPLETED, waited.disposition(), "re-attached and talked to the end: " + waited);
        assertEquals(1, dials(WAITS));
        assertTrue(waited.transcript().contains(TranscriptLine.robot(DialogBridge.RESUME).format()), "continues: " + waited.transcript());
        assertFalse(waited.transcript().stream().anyMatch(l -> l.contains("请问遇到什么问题了吗")),
                "the greeting is not replayed: " + waited.transcript());

        assertTrue(store.openAttempts("T").isEmpty(), "every attempt closed");
        await(() -> sim.hashEntries() == 0, "every switch record consumed");
    }

    @Test
    void anAnsweredCallCutByASwitchRestartIsInterruptedButNotDialledAgain() throws Exception {
        // the callee thinks before answering each prompt: the restart lands mid-talk
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(new Callee.Utterance.Silence(), Callee.says("好的")));
        sim.start();
        store.putList("l", List.of(new Lead("L0", "l", 0, "+86" + WAITS, WAITS, Map.of())));
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 5, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 3, TaskSpec.defaultRetryDelays(), 5, 30));
        Dialer dialer = dialer(store);
        AtomicBoolean talking = new AtomicBoolean();
        dialer.onState(s -> talking.compareAndSet(false, s.state().equals("talking")));
        dialer.start("T");
        await(() -> {
            dialer.tick("T");
            return talking.get();
        }, "the call is answered and the greeting plays");
        sim.restart(); // the switch process dies with the call
        await(() -> {
            dialer.tick("T");
            clock.advance(Duration.ofMinutes(1));
            return store.status("T") == TaskStatus.COMPLETED;
        }, "the task finishes");
        CallRecord r = store.records("T").get(0);
        assertEquals(Disposition.INTERRUPTED, r.disposition(), "its end was never seen: " + r);
        assertNotNull(r.answeredAt(), "the dialer saw the answer");
        assertEquals(1, store.records("T").size(), "an answered call is not dialled again as interrupted");
        assertEquals(1, dials(WAITS));
    }

    @Test
    void aDialogWhoseEventsWereLostWithTheConnectionAsksAgainInsteadOfWaitingInSilence() throws Exception {
        // the callee stays silent: the greeting and the no-input timer give a window of seconds to cut the link in
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.5), n -> Callee.answers(new Callee.Utterance.Silence()));
        sim.start();
        store.putList("l", List.of(new Lead("L0", "l", 0, "+86" + WAITS, WAITS, Map.of())));
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 5, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 5, 30));
        Dialer dialer = dialer(store);
        dialer.start("T");
        await(() -> {
            dialer.tick("T");
            return sim.promptsStarted() > 0;
        }, "the greeting plays");
        sim.goOffline();
        long before = sim.eventsPublished();
        // the greeting ends without an answer while nobody listens: its completion is lost with the link
        await(() -> sim.eventsPublished() > before + 1, "the prompt's end while the node is unreachable");
        sim.start();
        long back = System.nanoTime();
        await(() -> {
            dialer.tick("T");
            return !store.records("T").isEmpty();
        }, "the call ends");
        assertTrue(System.nanoTime() - back < Duration.ofSeconds(10).toNanos(),
                "the dialog went on after the reconnect instead of waiting for its max duration (20 s)");
        CallRecord r = store.records("T").get(0);
        assertEquals(Disposition.COMPLETED, r.disposition(), r.toString());
        // the lost events were ours, not the callee's silence: the same question again, no （无应答） for the callee
        int again = r.transcript().indexOf(TranscriptLine.system(DialogBridge.ASKED_AGAIN).format());
        assertTrue(again > 0, "asked again: " + r.transcript());
        assertEquals(r.transcript().get(again - 1), r.transcript().get(again + 1), "the same prompt: " + r.transcript());
    }
}
