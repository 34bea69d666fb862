package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's modules and the frames a missing speech engine produces, shaped as FreeSWITCH 1.10.12's. */
class SimMediaFailureTest {
    private final List<EslEvent> seen = new CopyOnWriteArrayList<>();
    private FsSimulator sim;
    private EslClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** An answered, parked call {@code u1} on a node without {@code missing}. */
    private void answered(String... missing) throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers(Callee.says("好的"))).without(missing);
        client = EslClient.connect("127.0.0.1", sim.start(), "ClueCon", Duration.ofSeconds(2), seen::add);
        client.events(EventFormat.PLAIN, "ALL");
        client.bgapi("originate {origination_uuid=u1,originate_timeout=8}sofia/gateway/gw1/13800138000 &park()", "j1")
                .join();
        waitFor("CHANNEL_PARK", null);
    }

    private EslEvent waitFor(String name, String app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (EslEvent e : seen) {
                if (e.name().equals(name) && (app == null || app.equals(e.get("Application")))) {
                    return e;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no " + name + " " + app + ": " + seen.stream().map(EslEvent::name).toList());
            Thread.sleep(10);
        }
    }

    private void execute(String app, String arg) {
        Map<String, String> h = new LinkedHashMap<>(Map.of("call-command", "execute", "execute-app-name", app,
                "execute-app-arg", arg));
        assertEquals("+OK", client.sendmsg("u1", h, null).join().replyText());
    }

    private boolean played() {
        return seen.stream().anyMatch(e -> e.name().equals("PLAYBACK_START"));
    }

    @Test
    void moduleExistsAnswersTrueOrFalse() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> null).without("mod_test");
        client = EslClient.connect("127.0.0.1", sim.start(), "ClueCon", Duration.ofSeconds(2), seen::add);
        assertEquals("true", client.api("module_exists mod_dptools").join());
        assertEquals("false", client.api("module_exists mod_test").join());
        assertEquals("false", client.api("module_exists mod_unimrcp").join());
    }

    @Test
    void aMissingAsrModuleFailsTheRecogniserAtOnceWithoutPlaying() throws Exception {
        answered();
        execute("play_and_detect_speech", "tone_stream://%(1000,0,350) detect:unimrcp {no-input-timeout=5000}default");
        EslEvent done = waitFor("CHANNEL_EXECUTE_COMPLETE", "play_and_detect_speech");
        assertEquals("ASR INIT ERROR", done.get("Application-Response"));
        assertFalse(played(), "nothing played");
        assertTrue(sim.log().stream().anyMatch(l -> l.contains("Invalid ASR module [unimrcp]")), sim.log().toString());
    }

    @Test
    void aSpokenPromptWithoutTtsEngineIsSilentYetReportedPlayed() throws Exception {
        answered();
        execute("playback", "say:您好");
        EslEvent done = waitFor("CHANNEL_EXECUTE_COMPLETE", "playback");
        assertEquals("FILE PLAYED", done.get("Application-Response"));
        assertNull(done.variable("tts_engine"));
        assertFalse(played(), "silence: no PLAYBACK_START");
        assertTrue(sim.log().stream().anyMatch(l -> l.contains("Invalid Args")), sim.log().toString());
    }

    @Test
    void aTtsEngineWhoseModuleIsMissingFailsThePrompt() throws Exception {
        answered("mod_test");
        execute("set", "tts_engine=test");
        waitFor("CHANNEL_EXECUTE_COMPLETE", "set");
        execute("playback", "say:您好");
        EslEvent done = waitFor("CHANNEL_EXECUTE_COMPLETE", "playback");
        assertEquals("PLAYBACK ERROR", done.get("Application-Response"));
        assertEquals("test", done.variable("tts_engine"));
        assertFalse(played());
    }
}
