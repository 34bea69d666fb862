package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.JdbcDialerStore;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor takes over a live demo call (FreeSWITCH simulator, the tenant's real dialog): the live feed carries
 * the stage and last lines, the call is transferred and its record says so; its recording is served only from the
 * tenant's recording directory. Another tenant's call is 404 for both. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CallTakeoverApiContract {
    private TestStores stores;
    @TempDir
    static Path records;
    private Platform platform;
    private ApiFixture server;
    private Tenant ta;
    private Api operator;
    private Api supervisor;
    private Api otherSupervisor;
    private int port;

    abstract TestStores testStores();

    @BeforeAll
    void start() {
        stores = testStores();
        platform = Platform.open(stores.config());
        platform.startUp();
        ta = platform.tenants().create("alpha", "甲证券", "test");
        Tenant tb = platform.tenants().create("beta", "乙证券", "test");
        server = ApiFixture.start(stores.config(), platform, d -> new TelephonyService(platform, d,
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.demo.time.scale", "0.5",
                        "zhiyu.telephony.record.dir", records.toString(),
                        // an agent extension: uuid_transfer (the demo queue's agents would hold the call for minutes)
                        "zhiyu.telephony.agent.target", "1001")), Clock.systemUTC()).start());
        port = server.port();
        operator = Api.withKey(port, platform.keys().create(ta.id(), "ops", "operator", "test").secret());
        supervisor = Api.withKey(port, platform.keys().create(ta.id(), "sup", "supervisor", "test").secret());
        otherSupervisor = Api.withKey(port, platform.keys().create(tb.id(), "sup", "supervisor", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        platform.close();
        stores.close();
    }

    /**
     * One take-over, or {@code -Dtakeover.runs=N} in a row on the same server (each with its own task and numbers):
     * the repeat check of a test that once depended on the machine's speed.
     */
    @TestFactory
    Stream<DynamicTest> aSupervisorTakesOverALiveCallAndItsRecordShowsTheTransfer() {
        return IntStream.range(0, Integer.getInteger("takeover.runs", 1))
                .mapToObj(run -> DynamicTest.dynamicTest("take-over " + (run + 1), () -> takeOver(run)));
    }

    private void takeOver(int run) throws Exception {
        // three callees who talk longest (four answers each), dialled one after another: a call may end before the
        // take-over request reaches it on a loaded machine, so the supervisor takes the next one (409 is the contract
        // for an ended call); the test waits on the feed and the records, never on a fixed time
        Api.Response list = operator.postRaw("/api/calls/lists?name=takeover",
                "手机号,customer_name,stop_step\n" + String.join("\n", longTalkers(run).stream().map(n -> n + ",客户,2").toList()) + "\n",
                "text/csv");
        assertEquals(201, list.status(), list.toString());
        Api.Response created = operator.post("/api/tasks", Map.of("name", "接管演示", "listId", list.json().get("listId").asText(),
                "windowStart", "00:00", "windowEnd", "24:00", "maxAttempts", 1, "maxConcurrent", 1));
        assertEquals(201, created.status(), created.toString());
        String task = created.json().get("id").asText();

        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        Thread reader = TaskEventFeed.follow(http, port, task, supervisor, events);
        assertEquals(200, operator.post("/api/tasks/" + task + "/start", Map.of()).status());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Set<String> tried = new HashSet<>();
        String call = null;
        Api.Response taken = null;
        while (taken == null) {
            JsonNode talking = awaitTalking(events, tried, task, deadline);
            call = talking.get("callId").asText();
            tried.add(call);
            assertTrue(talking.hasNonNull("stage") && talking.hasNonNull("lastBot"), talking.toString());
            Api.Response r = supervisor.post("/api/calls/" + call + "/transfer", Map.of());
            if (r.status() == 202) {
                taken = r;
            } else {
                assertEquals(409, r.status(), "a call that ended before the request is a conflict: " + r);
            }
        }
        assertEquals(200, operator.post("/api/tasks/" + task + "/stop", Map.of()).status());
        assertEquals("1001", taken.json().get("transferredTo").asText());
        assertEquals(404, otherSupervisor.post("/api/calls/" + call + "/transfer", Map.of()).status(), "another tenant's call");
        assertEquals(403, operator.post("/api/calls/" + call + "/transfer", Map.of()).status(), "operators do not take over");
        assertEquals(404, supervisor.post("/api/calls/no-such-call/transfer", Map.of()).status());
        assertEquals(404, supervisor.post("/api/calls/a%20b/transfer", Map.of()).status());
        Api.Response again = supervisor.post("/api/calls/" + call + "/transfer", Map.of());
        // refused: 409 while the transferred call lasts, 404 once it has ended
        assertTrue(again.status() == 409 || again.status() == 404, again.toString());
        assertTrue(again.contentType().startsWith("application/problem+json"), again.toString());

        JsonNode record = awaitRecord(task, call, deadline);
        assertEquals("TRANSFERRED", record.get("disposition").asText(), record.toString());
        assertEquals("1001", record.get("transferredTo").asText());
        assertTrue(record.get("transcript").toString().contains("主管接管通话"), record.toString());
        String taker = call;
        while (events.stream().noneMatch(e -> e.get("state").asText().equals("ended") && e.get("callId").asText().equals(taker))) {
            assertTrue(System.nanoTime() < deadline, "no end of the taken call on the feed: " + events);
            Thread.sleep(20);
        }
        assertTrue(events.stream().anyMatch(e -> e.get("state").asText().equals("takeover") && e.get("callId").asText().equals(taker)
                && e.get("transferredTo").asText().equals("1001")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.get("state").asText().equals("ended") && e.get("callId").asText().equals(taker)
                && e.get("disposition").asText().equals("TRANSFERRED")), events.toString());
        assertEquals(409, supervisor.post("/api/calls/" + call + "/transfer", Map.of()).status(), "an ended call");
        dialogStatsComeFromTheStoredTurns(task, awaitSettled(task, events, deadline));
        reader.interrupt();
        http.close();

        recordingIsServedFromTheTenantsDirectoryOnly(call, record.get("recordingPath").asText());
    }

    /**
     * Three demo callees who give four answers, the longest dialogs: the simulator picks a behaviour by the last six
     * digits modulo 12, and 100003 is one of those. Fresh numbers each run, so no per-number daily cap applies.
     */
    private static List<String> longTalkers(int run) {
        return IntStream.range(0, 3).mapToObj(j -> Long.toString(13800100003L + 12L * (3 * run + j))).toList();
    }

    private static JsonNode awaitTalking(List<JsonNode> events, Set<String> tried, String task, long deadline)
            throws InterruptedException {
        while (true) {
            for (JsonNode e : events) {
                if (e.get("state").asText().equals("talking") && e.hasNonNull("lastCaller")
                        && !tried.contains(e.get("callId").asText())) {
                    return e;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no further dialog on the feed of " + task + ": " + events);
            Thread.sleep(20);
        }
    }

    private JsonNode awaitRecord(String task, String call, long deadline) throws InterruptedException {
        while (true) {
            for (JsonNode r : supervisor.get("/api/tasks/" + task + "/calls").json()) {
                if (r.get("callId").asText().equals(call)) {
                    return r;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the call did not end");
            Thread.sleep(200);
        }
    }

    /**
     * The task's records once every call seen on the feed has ended and the records read the same before and after
     * (the task is stopped: no new call starts).
     */
    private JsonNode awaitSettled(String task, List<JsonNode> events, long deadline) throws InterruptedException {
        while (true) {
            Set<String> placed = new HashSet<>();
            Set<String> ended = new HashSet<>();
            for (JsonNode e : events) {
                (e.get("state").asText().equals("ended") ? ended : placed).add(e.path("callId").asText());
            }
            JsonNode before = supervisor.get("/api/tasks/" + task + "/calls").json();
            if (ended.containsAll(placed) && before.size() == ended.size()
                    && before.equals(supervisor.get("/api/tasks/" + task + "/calls").json())) {
                return before;
            }
            assertTrue(System.nanoTime() < deadline, "calls still open: " + placed + " ended " + ended + " " + before);
            Thread.sleep(200);
        }
    }

    private void dialogStatsComeFromTheStoredTurns(String task, JsonNode records) {
        Api.Response r = supervisor.get("/api/console/dialog-stats?task=" + task);
        assertEquals(200, r.status(), r.toString());
        JsonNode s = r.json();
        assertEquals(records.size(), s.get("dialogs").asInt(), "one dialog per answered call: " + s + records);
        long spoke = 0;
        for (JsonNode record : records) {
            for (JsonNode line : record.get("transcript")) {
                if (line.asText().startsWith("客户: ") && !line.asText().equals("客户: （无应答）")) {
                    spoke++;
                }
            }
        }
        assertEquals(spoke, s.get("callerTurns").asLong(), "one caller turn per caller line of the transcript: " + s + records);
        long byIntent = 0;
        for (JsonNode n : s.get("intents")) {
            byIntent += n.asLong();
        }
        assertTrue(byIntent > 0 && byIntent <= spoke, s.toString());
        assertEquals(s.get("fallbackTurns").asDouble() / spoke, s.get("fallbackRate").asDouble(), 1e-9);
        assertEquals(records.size(), s.get("stageFunnel").get(0).get("dialogs").asInt(), s.toString());
        assertEquals(404, otherSupervisor.get("/api/console/dialog-stats?task=" + task).status(), "another tenant's task");
        Api.Response missing = supervisor.get("/api/console/dialog-stats");
        assertEquals(400, missing.status());
        assertTrue(missing.body().contains("请选择任务"), missing.body());
    }

    private void recordingIsServedFromTheTenantsDirectoryOnly(String call, String recordingPath) throws Exception {
        Path expected = records.resolve("alpha").resolve(call + ".wav");
        assertEquals(expected.toAbsolutePath().normalize(), Path.of(recordingPath).toAbsolutePath().normalize());
        assertEquals(404, supervisor.get("/api/calls/" + call + "/recording").status(), "the simulator wrote no audio");
        byte[] wav = wav();
        Files.createDirectories(expected.getParent());
        Files.write(expected, wav);
        Api.Response ok = operator.get("/api/calls/" + call + "/recording");
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("audio/wav", ok.contentType());
        assertArrayEquals(wav, bytes(call, null));
        byte[] part = bytes(call, "bytes=44-143"); // Javalin may send more than asked, from the asked start on
        assertTrue(part.length >= 100, "a player seeks with Range: " + part.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(wav, 44, 44 + part.length), part, "a player seeks with Range");
        assertEquals(404, otherSupervisor.get("/api/calls/" + call + "/recording").status(), "another tenant's call");
        assertEquals(404, supervisor.get("/api/calls/nope/recording").status());
        assertEquals(404, supervisor.get("/api/calls/..%2F..%2Fetc/recording").status());

        Path outside = Files.write(records.resolve("outside.wav"), wav);
        Files.delete(expected);
        Files.createSymbolicLink(expected, outside);
        assertEquals(404, supervisor.get("/api/calls/" + call + "/recording").status(), "a link out of the tenant's directory");
        Files.delete(expected);
        Files.write(expected, wav);
        new JdbcDialerStore(platform.stores().jdbi(ta), "alpha", ZoneId.of("Asia/Shanghai")).recordings().markDeleted(call, Instant.now());
        Api.Response gone = supervisor.get("/api/calls/" + call + "/recording");
        assertEquals(404, gone.status(), "deleted by retention");
        assertTrue(gone.body().contains("保留期"), gone.body());
    }

    private byte[] bytes(String call, String range) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/calls/" + call + "/recording"))
                    .header("Authorization", supervisor.header("Authorization"));
            if (range != null) {
                req.header("Range", range);
            }
            HttpResponse<byte[]> r = http.send(req.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(range == null ? 200 : 206, r.statusCode());
            return r.body();
        }
    }

    /** 0.1 s of 8 kHz 16-bit mono silence with its RIFF header. */
    public static byte[] wav() {
        int samples = 800;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + samples * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000)
                .putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        return b.array();
    }
}
