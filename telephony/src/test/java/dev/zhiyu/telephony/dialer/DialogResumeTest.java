package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.telephony.CallGuards;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.SmsSender;
import dev.zhiyu.telephony.Switchboard;
import dev.zhiyu.telephony.TaskDialer;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The dialer dies (kill -9) while the third step's prompt plays, after two answered turns; the restarted dialer
 * re-attaches the call, replays the two recorded answers into a fresh dialog and goes on with the third step's
 * prompt, not the greeting; the record has each line once.
 */
class DialogResumeTest {

    private static final List<String> STEPS = List.of("您好，这里是开户回访，请问现在方便吗？", "请问您是在哪一步停下的？",
            "视频验证遇到什么问题了吗？");
    private static final String BYE = "好的，稍后把开户链接发给您，再见。";

    /** Three questions, one per answer, then goodbye; a silence ends the call. */
    private static final DialogEngine STEPPED = request -> new DialogSession() {
        private int step;

        @Override
        public String id() {
            return request.sessionId();
        }

        @Override
        public BotTurn start() {
            return new BotTurn(STEPS.get(0), true, List.of());
        }

        @Override
        public BotTurn hear(UserInput input) {
            step++;
            return step < STEPS.size() ? new BotTurn(STEPS.get(step), true, List.of())
                    : new BotTurn(BYE, false, List.of(new BotAction.HangUp()));
        }

        @Override
        public BotTurn silence() {
            return new BotTurn("没听清，再见。", false, List.of(new BotAction.HangUp()));
        }

        @Override
        public Outcome end(EndReason reason) {
            return new Outcome("step" + step, Map.of(), step);
        }
    };

    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final List<CallControl> controls = new ArrayList<>();

    private Dialer dialer(FsSimulator sim, DialerStore view) throws Exception {
        CallControl c = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.port(), "ClueCon"), clock, a -> { })
                .backoffMax(Duration.ofMillis(200)).deadAir(Duration.ofSeconds(60), "sorry.wav", Duration.ofSeconds(2))
                .start();
        controls.add(c);
        return new Dialer(view, c, STEPPED,
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofSeconds(30), null, "queue:", "test"),
                clock, a -> { }, r -> { });
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(2);
        }
    }

    @Test
    void aRestartedDialerContinuesTheDialogWhereItWas() throws Exception {
        // the callee answers the first two prompts, is silent through the third (the dialer dies meanwhile) and
        // answers it when it is asked again
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("现在方便"), Callee.says("视频验证"), new Callee.Utterance.Silence(),
                        Callee.says("摄像头打不开")))) {
            sim.start();
            store.putList("l", List.of(new Lead("L0", "l", 0, "+8613700000000", "13700000000", Map.of())));
            store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 1, 10,
                    LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 5, 30));
            AtomicBoolean killed = new AtomicBoolean();
            Dialer first = dialer(sim, FailingStore.of(store, m -> killed.get(), "进程已被杀死"));
            first.start("T");
            await(() -> {
                first.tick("T");
                return !sim.legs().isEmpty() && sim.spoken(sim.legs().get(0).uuid()).size() == 3;
            }, "the third step's prompt plays");
            killed.set(true); // kill -9: its threads can no longer write, its ESL socket goes away
            controls.get(0).close();
            String uuid = sim.legs().get(0).uuid();
            assertEquals(2, store.lines(uuid).stream().filter(l -> l.startsWith("客户: ")).count(),
                    "both answers were stored as they happened: " + store.lines(uuid));

            Dialer second = dialer(sim, store);
            second.start("T");
            await(() -> {
                second.tick("T");
                clock.advance(Duration.ofSeconds(10));
                return store.status("T") == TaskStatus.COMPLETED;
            }, "the task finishes");

            List<String> heard = sim.spoken(uuid);
            assertEquals(STEPS.get(2), heard.get(3), "after the restart the callee hears the third step: " + heard);
            assertEquals(1, Collections.frequency(heard, STEPS.get(0)), "the greeting is not replayed: " + heard);
            CallRecord r = store.records("T").get(0);
            assertEquals(Disposition.COMPLETED, r.disposition(), r.toString());
            assertEquals(List.of(robot(STEPS.get(0)), caller("现在方便"), robot(STEPS.get(1)), caller("视频验证"),
                            robot(STEPS.get(2)), caller("摄像头打不开"), robot(BYE)),
                    r.transcript().stream().filter(l -> !l.startsWith("系统: ")).toList(), "the whole dialog, in order");
            assertEquals(r.transcript().size(), new HashSet<>(r.transcript()).size(), "no line twice: " + r.transcript());
            assertEquals("step3", r.outcome(), "the replayed session reached the last step");
            assertEquals(1, sim.dialled().size(), "dialled once");
            assertTrue(store.lines(uuid).isEmpty(), "the running transcript goes with the record");
        } finally {
            controls.forEach(CallControl::close);
        }
    }

    /**
     * The server stops (its switchboard closes) while the third step's prompt plays: before the close returns, the
     * call's thread has stopped and left its attempt open with both answers and a note of the shutdown, so nothing is
     * written once the stores close after it (was: the thread went on waiting and wrote into the closed store later);
     * the channel stays up and the restarted dialer continues the dialog from the last recorded turn.
     */
    @Test
    void aShutdownLeavesTheCallOpenWithItsLastTurnAndTheRestartedDialerContinuesIt() throws Exception {
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("现在方便"), Callee.says("视频验证"), new Callee.Utterance.Silence(),
                        Callee.says("摄像头打不开")))) {
            sim.start();
            store.putList("l", List.of(new Lead("L0", "l", 0, "+8613700000000", "13700000000", Map.of())));
            store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 1, 10,
                    LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 5, 30));
            AtomicBoolean closed = new AtomicBoolean();
            List<String> refused = new CopyOnWriteArrayList<>();
            List<String> alerts = new CopyOnWriteArrayList<>();
            Switchboard board = new Switchboard(new Switchboard.Config(List.of(new Switchboard.Node("fs", "127.0.0.1",
                    sim.port(), "ClueCon", List.of("gw1"), 10, 10)), null, List.of("gw1"), 500, 30, 0.03,
                    Duration.ofMillis(200), null, 3, new CallGuards(Duration.ofSeconds(60), "sorry.wav", Duration.ofSeconds(5))),
                    clock, alerts::add).start();
            TaskDialer first = board.dialer(FailingStore.of(store, m -> closed.get() && refused.add(m), "连接池已关闭"),
                    STEPPED, new Switchboard.DialerSettings("test", null, 10, 10, Duration.ofMinutes(1)), SmsSender.none(),
                    alerts::add, s -> { });
            first.start("T");
            await(() -> {
                first.tick("T");
                return !sim.legs().isEmpty() && sim.spoken(sim.legs().get(0).uuid()).size() == 3;
            }, "the third step's prompt plays");
            String uuid = sim.legs().get(0).uuid();

            board.close();
            closed.set(true); // the server closes its stores once the switchboard is closed
            assertEquals(List.of(robot(STEPS.get(0)), caller("现在方便"), robot(STEPS.get(1)), caller("视频验证"),
                            TranscriptLine.system(CallFlow.DETACHED).format()), store.lines(uuid),
                    "the attempt keeps every turn and says the shutdown cut it");
            assertEquals(1, store.openAttempts("T").size(), "the attempt stays open for the restarted dialer");
            assertEquals(List.of(), store.records("T"), "no record: the call is not over (never COMPLETED by a shutdown)");
            assertTrue(sim.channelUp(uuid), "the channel stays up on the switch");
            Thread.sleep(300);
            assertEquals(List.of(), refused, "nothing written after the close");
            assertEquals(List.of(), alerts, "no alert: no call thread left behind, no write refused");

            Dialer second = dialer(sim, store);
            second.start("T");
            await(() -> {
                second.tick("T");
                clock.advance(Duration.ofSeconds(10));
                return store.status("T") == TaskStatus.COMPLETED;
            }, "the task finishes");
            CallRecord r = store.records("T").get(0);
            assertEquals(Disposition.COMPLETED, r.disposition(), r.toString());
            assertEquals(List.of(robot(STEPS.get(0)), caller("现在方便"), robot(STEPS.get(1)), caller("视频验证"),
                            robot(STEPS.get(2)), caller("摄像头打不开"), robot(BYE)),
                    r.transcript().stream().filter(l -> !l.startsWith("系统: ")).toList(), "the whole dialog, in order");
            assertTrue(r.transcript().contains(TranscriptLine.system(CallFlow.DETACHED).format()), r.transcript().toString());
            assertEquals(1, sim.dialled().size(), "dialled once");
        } finally {
            controls.forEach(CallControl::close);
        }
    }

    private static String robot(String text) {
        return TranscriptLine.robot(text).format();
    }

    private static String caller(String text) {
        return TranscriptLine.caller(text).format();
    }
}
