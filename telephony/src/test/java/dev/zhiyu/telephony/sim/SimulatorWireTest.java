package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.Fixtures;
import dev.zhiyu.telephony.esl.EslAuthException;
import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorWireTest {

    private FsSimulator sim;
    private final List<EslEvent> seen = new CopyOnWriteArrayList<>();

    private EslClient connect(Map<String, Callee> callees) throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> callees.getOrDefault(n, Callee.of(Callee.Kind.BUSY)));
        int port = sim.start();
        EslClient c = EslClient.connect("127.0.0.1", port, "ClueCon", Duration.ofSeconds(2), seen::add);
        c.events(EventFormat.PLAIN, "ALL");
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void handshakeAndRepliesMatchTheCapture() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> null);
        int port = sim.start();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertEquals(Fixtures.text("replies/auth_request.frame"), readFrame(in));
            out.write("auth NotThePassword\n\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(Fixtures.text("replies/command-reply__-ERR_invalid.frame"), readFrame(in));
            assertEquals(Fixtures.text("notices/disconnect-notice__none.frame"), readFrame(in));
        }
        assertThrows(EslAuthException.class,
                () -> EslClient.connect("127.0.0.1", port, "wrong", Duration.ofSeconds(2), e -> { }));
        try (EslClient c = EslClient.connect("127.0.0.1", port, "ClueCon", Duration.ofSeconds(2), e -> { })) {
            assertEquals("-ERR no_such_command Command not found!\n", c.api("no_such_command foo").join());
            assertEquals("{\"row_count\": 0}\n", c.api("show channels as json").join());
            assertEquals("-ERR No such channel!\n", c.api("uuid_kill 00000000-0000-0000-0000-000000000000").join());
            assertEquals("-ERR no keywords supplied", c.send("event plain", Map.of(), null).join().replyText());
            assertEquals("+OK filter added. [Event-Name]=[CHANNEL_HANGUP_COMPLETE]",
                    c.filter("Event-Name", "CHANNEL_HANGUP_COMPLETE").replyText());
        }
    }

    @Test
    void filterRepliesMatchTheCaptureAndAnEventPassesWhenAnyFilterMatches() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
        int port = sim.start();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readFrame(in);
            out.write("auth ClueCon\n\n".getBytes(StandardCharsets.UTF_8));
            readFrame(in);
            String[][] exchange = {
                {"filter Event-Name CHANNEL_HANGUP_COMPLETE", "command-reply__+OK_filter_added.__Event-Name___CHANNEL_HANGUP_COMPLETE_"},
                {"filter variable_task_id T1001", "command-reply__+OK_filter_added.__variable_task_id___T1001_"},
                {"filter delete variable_task_id T1001", "command-reply__+OK_filter_deleted.__variable_task_id__T1001_"},
                {"filter delete all", "command-reply__+OK_filter_deleted.__all___"}};
            for (String[] x : exchange) {
                out.write((x[0] + "\n\n").getBytes(StandardCharsets.UTF_8));
                assertEquals(Fixtures.text("replies/" + x[1] + ".frame"), readFrame(in), x[0]);
            }
        }
        try (EslClient c = EslClient.connect("127.0.0.1", port, "ClueCon", Duration.ofSeconds(2), seen::add)) {
            c.events(EventFormat.PLAIN, "ALL");
            c.filter("Unique-ID", "u-ours");
            c.filter("Event-Name", "BACKGROUND_JOB");
            for (String uuid : List.of("u-theirs", "U-OURS")) { // values compare ignoring case, as mod_event_socket does
                c.bgapi("originate {origination_uuid=" + uuid + "}sofia/gateway/gw1/13800138001 &park()", "job-" + uuid).join();
            }
            waitFor(() -> seen.stream().filter(e -> e.name().equals("BACKGROUND_JOB")).count() == 2
                    && seen.stream().anyMatch(e -> e.name().equals("CHANNEL_HANGUP_COMPLETE")));
            assertTrue(seen.stream().noneMatch(e -> "u-theirs".equals(e.uniqueId())), "no event of a channel not filtered in");
            assertTrue(seen.stream().filter(e -> "U-OURS".equals(e.uniqueId())).count() >= 2, seen.toString());
        }
    }

    /** Reads one frame as text using the project decoder (the socket may hand over several). */
    private static String readFrame(InputStream in) throws Exception {
        FrameDecoder d = new FrameDecoder();
        byte[] one = new byte[1];
        List<String> out = new CopyOnWriteArrayList<>();
        while (out.isEmpty() && in.read(one) > 0) {
            d.feed(one, 0, 1, f -> out.add(new String(f.toBytes(), StandardCharsets.UTF_8)));
        }
        return out.get(0);
    }

    @Test
    void invalidGatewayCreatesNoChannelAndBusyReportsAfterHangupComplete() throws Exception {
        EslClient c = connect(Map.of("13800138001", Callee.of(Callee.Kind.BUSY)));
        c.bgapi("originate {origination_uuid=u-bad,ignore_early_media=true}sofia/gateway/no_such_gw/13800138008 &park()", "job-bad").join();
        c.bgapi("originate {origination_uuid=u-busy,ignore_early_media=true}sofia/gateway/gw1/13800138001 &park()", "job-busy").join();
        waitFor(() -> seen.stream().filter(e -> e.name().equals("BACKGROUND_JOB")).count() == 2);
        assertEquals("-ERR INVALID_GATEWAY\n", job("job-bad").body());
        assertTrue(seen.stream().noneMatch(e -> "u-bad".equals(e.uniqueId())), "INVALID_GATEWAY fires no channel events");
        List<String> busy = seen.stream().filter(e -> "u-busy".equals(e.uniqueId()) || "job-busy".equals(e.get("Job-UUID")))
                .map(EslEvent::name).toList();
        assertTrue(busy.indexOf("BACKGROUND_JOB") > busy.indexOf("CHANNEL_HANGUP_COMPLETE"), busy.toString());
        EslEvent complete = seen.stream().filter(e -> e.name().equals("CHANNEL_HANGUP_COMPLETE")).findFirst().orElseThrow();
        assertEquals("USER_BUSY", complete.get("Hangup-Cause"));
        assertEquals("486", complete.variable("sip_term_status"));
        assertEquals("recv_refuse", complete.variable("sip_hangup_disposition"));
    }

    @Test
    void answeredCallReportsOkRightAfterAnswerAndSpeechComesTwice() throws Exception {
        EslClient c = connect(Map.of("13800138000", Callee.answers(Callee.says("我要转人工")).duplicatingSpeech()));
        c.bgapi("originate {origination_uuid=u1,ignore_early_media=true,originate_timeout=8}sofia/gateway/gw1/13800138000 &park()", "j1").join();
        try {
            waitFor(() -> seen.stream().anyMatch(e -> e.name().equals("CHANNEL_PARK")));
        } catch (AssertionError e) {
            throw new AssertionError(seen.stream().map(x -> x.name() + "/" + x.body()).toList() + " " + sim.log(), e);
        }
        List<String> names = seen.stream().map(EslEvent::name).toList();
        assertEquals(names.indexOf("CHANNEL_ANSWER") + 1, names.indexOf("BACKGROUND_JOB"), names.toString());
        assertEquals("+OK u1\n", job("j1").body());
        assertEquals("+OK", c.sendmsg("u1", new java.util.LinkedHashMap<>(Map.of("call-command", "execute",
                "execute-app-name", "play_and_detect_speech",
                "execute-app-arg", "say:您好 detect:test {no-input-timeout=5000}default")), null).join().replyText());
        waitFor(() -> seen.stream().anyMatch(e -> e.name().equals("CHANNEL_EXECUTE_COMPLETE")));
        List<EslEvent> detected = seen.stream().filter(e -> "detected-speech".equals(e.get("Speech-Type"))).toList();
        assertEquals(2, detected.size());
        assertEquals(detected.get(0).dedupeKey(), detected.get(1).dedupeKey());
        assertTrue(detected.get(0).body().contains("我要转人工"));
        c.api("uuid_kill u1").join();
        waitFor(() -> sim.liveChannels() == 0);
    }

    @Test
    void simulatedEventsKeepFreeSwitchHeaderOrder() throws Exception {
        EslClient c = connect(Map.of("13800138001", Callee.of(Callee.Kind.BUSY)));
        c.bgapi("originate {origination_uuid=u-b,lead_id=L1,ignore_early_media=true}sofia/gateway/gw1/13800138001 &park()", "jb").join();
        waitFor(() -> seen.stream().anyMatch(e -> e.name().equals("BACKGROUND_JOB")));
        EslEvent real = EventParser.parse(new FrameDecoder().feed(
                Fixtures.read("events/plain/CHANNEL_HANGUP_COMPLETE__USER_BUSY__recv_refuse.frame")).get(0));
        EslEvent ours = seen.stream().filter(e -> e.name().equals("CHANNEL_HANGUP_COMPLETE")).findFirst().orElseThrow();
        List<String> realOrder = real.headers().stream().map(Map.Entry::getKey).distinct().toList();
        List<String> ourOrder = ours.headers().stream().map(Map.Entry::getKey).distinct()
                .filter(realOrder::contains).toList();
        List<String> realRestricted = realOrder.stream().filter(ourOrder::contains).toList();
        assertEquals(realRestricted, ourOrder, "headers we emit appear in FreeSWITCH's order");
        assertTrue(ourOrder.size() > 20, ourOrder.toString());
        EslEvent realJob = EventParser.parse(new FrameDecoder().feed(Fixtures.read("events/plain/BACKGROUND_JOB__ERR_USER_BUSY.frame")).get(0));
        assertEquals(realJob.headers().stream().map(Map.Entry::getKey).toList(),
                job("jb").headers().stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void stateAndCallStateEventsFollowTheCapturedFrames() throws Exception {
        EslClient c = connect(Map.of("13800138000", Callee.answers(), "13800138001", Callee.of(Callee.Kind.BUSY)));
        c.bgapi("originate {origination_uuid=u-a,ignore_early_media=true}sofia/gateway/gw1/13800138000 &park()", "ja").join();
        c.bgapi("originate {origination_uuid=u-b,ignore_early_media=true}sofia/gateway/gw1/13800138001 &park()", "jb").join();
        waitFor(() -> seen.stream().filter(e -> e.name().equals("BACKGROUND_JOB")).count() == 2);
        c.api("uuid_kill u-a").join();
        waitFor(() -> seen.stream().anyMatch(e -> "u-a".equals(e.uniqueId()) && e.name().equals("CHANNEL_DESTROY")));
        for (String[] fx : new String[][]{{"CHANNEL_CALLSTATE__DOWN-to-RINGING", "u-a"}, {"CHANNEL_CALLSTATE__RINGING-to-ACTIVE", "u-a"},
                {"CHANNEL_CALLSTATE__ACTIVE-to-HANGUP", "u-a"}, {"CHANNEL_CALLSTATE__RINGING-to-HANGUP", "u-b"}}) {
            EslEvent real = EventParser.parse(new FrameDecoder().feed(Fixtures.read("events/plain/" + fx[0] + ".frame")).get(0));
            EslEvent ours = seen.stream().filter(e -> fx[1].equals(e.uniqueId()) && e.name().equals("CHANNEL_CALLSTATE")
                    && real.get("Original-Channel-Call-State").equals(e.get("Original-Channel-Call-State"))
                    && real.get("Channel-Call-State").equals(e.get("Channel-Call-State"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + fx[0]));
            assertSameOrderAndValues(real, ours, "Event-Calling-Function", "Event-Calling-Line-Number",
                    "Channel-Call-State-Number", "Channel-State", "Channel-State-Number", "Answer-State");
        }
        for (String st : List.of("CS_CONSUME_MEDIA", "CS_EXECUTE", "CS_HANGUP", "CS_REPORTING", "CS_DESTROY")) {
            EslEvent real = EventParser.parse(new FrameDecoder().feed(Fixtures.read("events/plain/CHANNEL_STATE__" + st + ".frame")).get(0));
            EslEvent ours = seen.stream().filter(e -> "u-a".equals(e.uniqueId()) && e.name().equals("CHANNEL_STATE")
                    && st.equals(e.get("Channel-State"))).findFirst().orElseThrow(() -> new AssertionError("no " + st));
            // the one captured CS_DESTROY (a leg that never answered) says Channel-State-Number 0: not generalised
            assertSameOrderAndValues(real, ours, st.equals("CS_DESTROY") ? new String[]{"Event-Calling-Function"}
                    : new String[]{"Event-Calling-Function", "Event-Calling-Line-Number", "Channel-State-Number"});
        }
    }

    /** Our headers appear in the captured frame's order, and the named ones carry the captured values. */
    private static void assertSameOrderAndValues(EslEvent real, EslEvent ours, String... sameValue) {
        List<String> realOrder = real.headers().stream().map(Map.Entry::getKey).distinct().toList();
        List<String> ourOrder = ours.headers().stream().map(Map.Entry::getKey).distinct().filter(realOrder::contains).toList();
        assertEquals(realOrder.stream().filter(ourOrder::contains).toList(), ourOrder, real.name());
        assertTrue(ourOrder.size() > 15, ourOrder.toString());
        for (String h : sameValue) {
            assertEquals(real.get(h), ours.get(h), real.name() + " " + real.get("Channel-State") + " " + h);
        }
    }

    private EslEvent job(String jobUuid) {
        return seen.stream().filter(e -> jobUuid.equals(e.get("Job-UUID"))).findFirst().orElseThrow();
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
