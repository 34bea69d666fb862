package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Clock;
import java.time.Duration;
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
     * utterance is not judged, so the start is not refused for it, and no alert blames an engine.
     */
    @Test
    void aNodeWithoutLoopbackIsNotJudgedByTheUtterance() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY))
                .without("mod_loopback");
             Switchboard s = new Switchboard(config(sim.start(), new MediaEngines("test", "zhiyu.telephony.asr", "test",
                     "zhiyu.telephony.tts")), Clock.systemUTC(), alerts::add).start()) {
            s.checkMedia();
            assertEquals(List.of(), sim.echoed());
            assertEquals(0, sim.liveChannels());
            assertTrue(alerts.stream().noneMatch(a -> a.contains("语音自检")), alerts.toString());
        }
    }
}
