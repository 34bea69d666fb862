package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The switchboard asks every node for the speech engines' modules on connect and before a task starts. */
class MediaPreflightTest {
    private static final MediaEngines ENGINES = new MediaEngines("unimrcp", "zhiyu.telephony.asr", "unimrcp",
            "zhiyu.telephony.tts");

    private static Switchboard.Config config(int port, MediaEngines engines) {
        return new Switchboard.Config(List.of(new Switchboard.Node("fsA", "127.0.0.1", port, "ClueCon", List.of("gw1"),
                10, 5)), null, List.of("gw1"), 500, 30, 0.03, Duration.ofMillis(200), engines, 3, CallGuards.defaults());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    @Test
    void aNodeWithoutTheEngineIsReportedOnConnectAndRefusesTaskStarts() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
             Switchboard s = new Switchboard(config(sim.start(), ENGINES), Clock.systemUTC(), alerts::add).start()) {
            waitFor(() -> alerts.stream().anyMatch(a -> a.contains("mod_unimrcp")), "no alert on connect: " + alerts);
            String alert = alerts.stream().filter(a -> a.contains("mod_unimrcp")).findFirst().orElseThrow();
            assertTrue(alert.contains("fsA") && alert.contains("unimrcp") && alert.contains("zhiyu.telephony.asr"), alert);
            TelephonyException e = assertThrows(TelephonyException.class, s::checkMedia);
            assertEquals(TelephonyException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("fsA") && e.getMessage().contains("zhiyu.telephony.asr"), e.getMessage());
        }
    }

    @Test
    void theTtsEngineIsCheckedToo() throws Exception {
        MediaEngines engines = new MediaEngines("test", "zhiyu.telephony.asr", "unimrcp", "zhiyu.telephony.tts");
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
             Switchboard s = new Switchboard(config(sim.start(), engines), Clock.systemUTC(), m -> { }).start()) {
            TelephonyException e = assertThrows(TelephonyException.class, s::checkMedia);
            assertEquals("zhiyu.telephony.tts", e.field());
            assertTrue(e.getMessage().contains("TTS 引擎 unimrcp"), e.getMessage());
        }
    }

    @Test
    void aNodeWithTheEnginesPassesAndDemoModeUsesTheSimulatorsTestEngine() throws Exception {
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
             Switchboard s = new Switchboard(config(sim.start(), new MediaEngines("test", "a", "test", "t")),
                     Clock.systemUTC(), m -> { }).start()) {
            s.checkMedia();
        }
        try (Switchboard demo = new Switchboard(new Switchboard.Config(List.of(), new Switchboard.Demo(0.01, "q", 0),
                List.of("gw1"), 500, 30, 0.03, Duration.ofMillis(200), ENGINES, 3, CallGuards.defaults()), Clock.systemUTC(), m -> { })
                .start()) {
            demo.checkMedia();
        }
    }

    @Test
    void aReconnectedNodeIsAskedAgain() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
             Switchboard s = new Switchboard(config(sim.start(), new MediaEngines("test", "zhiyu.telephony.asr", "test",
                     "zhiyu.telephony.tts")), Clock.systemUTC(), alerts::add).start()) {
            s.checkMedia();
            sim.without("mod_test"); // the switch is restarted without the module
            sim.restart();
            waitFor(() -> alerts.stream().anyMatch(a -> a.contains("mod_test")), "no alert after reconnect: " + alerts);
            assertThrows(TelephonyException.class, s::checkMedia);
        }
    }

    /**
     * The modules are loaded (module_exists says true) but an engine yields nothing: only the test utterance on a
     * loopback channel finds it, on the node's connect (alert) and before a start (refusal naming the node, the engine
     * and the setting).
     */
    @Test
    void aTestUtteranceOnALoopbackChannelPassesWhenTheEnginesWorkAndRefusesWhenOneIsMute() throws Exception {
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
             Switchboard s = new Switchboard(config(sim.start(), new MediaEngines("test", "zhiyu.telephony.asr", "test",
                     "zhiyu.telephony.tts")), Clock.systemUTC(), m -> { }).start()) {
            s.checkMedia();
            // the node's connect runs the utterance too: one or two runs, each heard right
            assertTrue(!sim.echoed().isEmpty() && sim.echoed().stream().allMatch("您好这是语音自检"::equals),
                    "the sentence was synthesised, echoed and recognised: " + sim.echoed());
            assertEquals(List.of(), sim.dialled(), "no callee was dialled");
            waitFor(() -> sim.liveChannels() == 0, "the loopback channel was hung up");
        }
        for (String muted : List.of("flite", "unimrcp")) {
            List<String> alerts = new CopyOnWriteArrayList<>();
            try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY))
                    .modules(Set.of("mod_sofia", "mod_event_socket", "mod_dptools", "mod_commands", "mod_loopback",
                            "mod_hash", "mod_unimrcp", "mod_flite")).mute(muted);
                 Switchboard s = new Switchboard(config(sim.start(), new MediaEngines("unimrcp", "zhiyu.telephony.asr",
                         "flite", "zhiyu.telephony.tts")), Clock.systemUTC(), alerts::add).start()) {
                waitFor(() -> alerts.stream().anyMatch(a -> a.contains("语音自检失败") && a.contains(muted)),
                        "no alert on connect: " + alerts);
                TelephonyException e = assertThrows(TelephonyException.class, s::checkMedia, muted);
                assertEquals(TelephonyException.Kind.CONFLICT, e.kind());
                String setting = muted.equals("flite") ? "zhiyu.telephony.tts" : "zhiyu.telephony.asr";
                assertEquals(setting, e.field(), e.getMessage());
                assertTrue(e.getMessage().contains("fsA") && e.getMessage().contains(muted)
                        && e.getMessage().contains(setting) && e.getMessage().contains("语音自检失败"), e.getMessage());
                assertEquals(List.of(), sim.echoed(), muted + " muted: nothing came back recognised");
                waitFor(() -> sim.liveChannels() == 0, "the loopback channel was hung up");
            }
        }
    }

    /**
     * A node without mod_loopback cannot place the test leg (originate answers -ERR and creates no channel): the
     * utterance is not judged, so the start is not refused for it and no alert blames an engine; but the node's
     * connect alerts that its media path could not be verified, and why, and so does a task's start, naming the task
     * (was: silent).
     */
    @Test
    void aNodeWithoutLoopbackIsNotJudgedByTheUtteranceButItsUnverifiedMediaPathIsAlerted() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY))
                .without("mod_loopback");
             Switchboard s = new Switchboard(config(sim.start(), new MediaEngines("test", "zhiyu.telephony.asr", "test",
                     "zhiyu.telephony.tts")), Clock.systemUTC(), alerts::add).start()) {
            waitFor(() -> alerts.stream().anyMatch(a -> a.contains("媒体通路未能验证")), "no alert on connect: " + alerts);
            String alert = alerts.stream().filter(a -> a.contains("媒体通路未能验证")).findFirst().orElseThrow();
            assertTrue(alert.startsWith("FreeSWITCH 节点 fsA ") && alert.contains("-ERR CHAN_NOT_IMPLEMENTED")
                    && alert.contains("mod_loopback"), alert);
            s.checkMedia();
            assertEquals(List.of(), sim.echoed());
            assertEquals(0, sim.liveChannels());
            assertTrue(alerts.stream().noneMatch(a -> a.contains("语音自检失败")), alerts.toString());

            TaskDialer dialer = s.dialer(storeWithTask(), new ScriptedDialogEngine(), SETTINGS, SmsSender.none(),
                    alerts::add, st -> { });
            dialer.start("T1");
            assertTrue(alerts.stream().anyMatch(a -> a.startsWith("任务 T1 已启动，但FreeSWITCH 节点 fsA 的媒体通路未能验证")
                    && a.contains("CHAN_NOT_IMPLEMENTED")), alerts.toString());
        }
    }

    /** A task started while its node is down starts (the node is not judged) with an alert that says so. */
    @Test
    void aTaskStartedWhileTheNodeIsDownWarnsThatItsMediaPathIsUnverified() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        List<String> alerts = new CopyOnWriteArrayList<>();
        try (Switchboard s = new Switchboard(config(closedPort, ENGINES), Clock.systemUTC(), alerts::add).start()) {
            InMemoryDialerStore store = storeWithTask();
            s.dialer(store, new ScriptedDialogEngine(), SETTINGS, SmsSender.none(), alerts::add, st -> { }).start("T1");
            assertEquals(TaskStatus.RUNNING, store.status("T1"));
            assertTrue(alerts.stream().anyMatch(a -> a.startsWith("任务 T1 已启动，但FreeSWITCH 节点 fsA 的媒体通路未能验证：节点未连接")),
                    alerts.toString());
        }
    }

    private static final Switchboard.DialerSettings SETTINGS = new Switchboard.DialerSettings("test", null, 10, 10,
            Duration.ofMinutes(1));

    /** Task {@code T1} (created, not started) over one lead. */
    private static InMemoryDialerStore storeWithTask() {
        InMemoryDialerStore store = new InMemoryDialerStore(SimRig.SHANGHAI);
        store.putList("list1", SimRig.oneLead());
        store.saveTask(new TaskSpec("T1", "acme", "list1", "account_opening", List.of("057188880000"), List.of("gw1"), 1,
                10, LocalTime.of(9, 0), LocalTime.of(20, 0), SimRig.SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(),
                3, 30));
        return store;
    }
}
