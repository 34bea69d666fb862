package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The telephony routes over HTTP in demo mode (the FreeSWITCH simulator, simulated Chinese callees, the tenant's
 * real dialog engine): upload, task life cycle, a demo task calling, talking and finishing, live events, tenancy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelephonyApiTest {
    private final TestStores stores = TestStores.h2();
    private Platform platform;
    private TelephonyService telephony;
    private ApiFixture server;
    private Api a;
    private Api b;
    private Api researcher;
    private Api admin;
    private int port;

    @BeforeAll
    void start() {
        platform = Platform.open(stores.config());
        platform.startUp();
        Tenant ta = platform.tenants().create("alpha", "甲证券", "test");
        Tenant tb = platform.tenants().create("beta", "乙证券", "test");
        server = ApiFixture.start(stores.config(), platform, d -> telephony = new TelephonyService(platform, d,
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.demo.time.scale", "0.05")), Clock.systemUTC()).start());
        port = server.port();
        a = Api.withKey(port, platform.keys().create(ta.id(), "ops", "operator", "test").secret());
        b = Api.withKey(port, platform.keys().create(tb.id(), "ops", "operator", "test").secret());
        researcher = Api.withKey(port, platform.keys().create(ta.id(), "r", "researcher", "test").secret());
        admin = Api.withKey(port, platform.keys().create(ta.id(), "adm", "admin", "test").secret());
    }


    @AfterAll
    void stop() {
        server.close();
        platform.close();
        stores.close();
    }

    private static String csv(int n) {
        StringBuilder sb = new StringBuilder("手机号,customer_name,stop_step\n");
        for (int i = 0; i < n; i++) {
            sb.append(13800100000L + i).append(",客户").append(i).append(',').append(i % 5 + 1).append('\n');
        }
        return sb.toString();
    }

    private String upload(Api api, String body) {
        Api.Response r = api.postRaw("/api/calls/lists?name=" + "demo", body, "text/csv");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("listId").asText();
    }

    @Test
    void uploadsReportRowErrorsAndRefuseBadFilesWhole() {
        Api.Response r = a.postRaw("/api/calls/lists", csv(3) + "12345,坏号码,1\n13800100000,重复,2\n", "text/csv");
        assertEquals(201, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(3, j.get("imported").asInt());
        assertEquals(1, j.get("rejected").asInt());
        assertEquals(1, j.get("duplicates").asInt());
        assertEquals(5, j.get("errors").get(0).get("row").asInt());
        assertTrue(j.get("errors").get(0).get("message").asText().contains("号码"), j.toString());
        String list = j.get("listId").asText();
        Api.Response again = a.postRaw("/api/calls/lists?list=" + list, csv(4), "text/csv");
        assertEquals(1, again.json().get("imported").asInt(), "re-upload adds only the new number");

        Api.Response bomb = a.postRaw("/api/calls/lists?filename=x.xlsx", "PK\u0003\u0004 not really a zip", CallRoutes.XLSX);
        assertEquals(400, bomb.status(), bomb.toString());
        assertEquals("INVALID_CALL_LIST", bomb.json().get("code").asText());
        Api.Response noPhone = a.postRaw("/api/calls/lists", "姓名\n王先生\n", "text/csv");
        assertEquals(400, noPhone.status());
        assertTrue(noPhone.json().get("detail").asText().contains("号码列"), noPhone.toString());
        assertEquals(415, a.postRaw("/api/calls/lists", "{}", "application/json").status());
        assertEquals(403, researcher.postRaw("/api/calls/lists", csv(1), "text/csv").status());
    }

    @Test
    void recordingRetentionIsTheTenantsOwnSetAByAnAdminWithinBounds() {
        assertTrue(a.get("/api/calls/recording-retention").json().get("days").isNull(), "kept for ever by default");
        for (String bad : new String[]{"{\"days\":0}", "{\"days\":-5}", "{\"days\":3651}", "{\"days\":\"abc\"}", "[]"}) {
            Api.Response r = admin.put("/api/calls/recording-retention", bad, "application/json");
            assertEquals(400, r.status(), bad + " → " + r);
        }
        assertEquals(403, a.put("/api/calls/recording-retention", "{\"days\":30}", "application/json").status(),
                "operators may read, not set, the policy");
        Api.Response set = admin.put("/api/calls/recording-retention", "{\"days\":30}", "application/json");
        assertEquals(200, set.status(), set.toString());
        assertEquals(30, a.get("/api/calls/recording-retention").json().get("days").asInt());
        assertTrue(b.get("/api/calls/recording-retention").json().get("days").isNull(), "another tenant's setting is untouched");
        assertTrue(admin.put("/api/calls/recording-retention", "{\"days\":null}", "application/json").json().get("days").isNull());
    }

    @Test
    void supervisorsConfirmOrRejectOptOutsCapturedInCalls() {
        Tenant ta = platform.tenants().list().stream().filter(t -> t.slug().equals("alpha")).findFirst().orElseThrow();
        Tenant tb = platform.tenants().list().stream().filter(t -> t.slug().equals("beta")).findFirst().orElseThrow();
        var store = new dev.zhiyu.server.telephony.JdbcDialerStore(platform.stores().jdbi(ta), "alpha",
                java.time.ZoneId.of("Asia/Shanghai"));
        store.optOut("alpha", "+8613900000001", "通话中要求不再来电");
        store.optOut("alpha", "+8613900000002", "拒接");
        store.addToDnc("+8613900000003", "免打扰名单");
        Api supervisor = Api.withKey(port, platform.keys().create(ta.id(), "sup", "supervisor", "test").secret());
        Api otherSupervisor = Api.withKey(port, platform.keys().create(tb.id(), "sup", "supervisor", "test").secret());
        String pending = a.get("/api/calls/opt-outs").json().toString(); // other tests' demo calls may add their own
        assertTrue(pending.contains("+8613900000001") && pending.contains("+8613900000002") && !pending.contains("+8613900000003"),
                pending);
        assertEquals(403, a.post("/api/calls/opt-outs/13900000001/confirm", Map.of()).status(), "operators cannot decide");
        assertEquals(404, otherSupervisor.post("/api/calls/opt-outs/13900000001/confirm", Map.of()).status(),
                "another tenant's opt-out is not there");
        Api.Response confirmed = supervisor.post("/api/calls/opt-outs/13900000001/confirm", Map.of());
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("+8613900000001", confirmed.json().get("phone").asText());
        assertEquals(200, supervisor.post("/api/calls/opt-outs/+8613900000002/reject", Map.of()).status());
        String after = a.get("/api/calls/opt-outs").json().toString();
        assertTrue(!after.contains("+8613900000001") && !after.contains("+8613900000002"), "no longer pending: " + after);
        String dnc = a.get("/api/calls/dnc?kind=dnc").json().toString();
        assertTrue(dnc.contains("+8613900000001") && dnc.contains("主管确认"), dnc);
        assertTrue(store.blocked("alpha", "+8613900000001"));
        assertTrue(!store.blocked("alpha", "+8613900000002"), "a rejected opt-out may be called again");
        assertEquals(404, supervisor.post("/api/calls/opt-outs/13900000002/reject", Map.of()).status(), "decided already");
        assertEquals(404, supervisor.post("/api/calls/opt-outs/13900000003/reject", Map.of()).status(),
                "DNC entries are not opt-outs to review");
        Api.Response badPhone = supervisor.post("/api/calls/opt-outs/12345/confirm", Map.of());
        assertEquals(400, badPhone.status(), badPhone.toString());
        Api.Response badDecision = supervisor.post("/api/calls/opt-outs/13900000001/maybe", Map.of());
        assertEquals(400, badDecision.status());
        assertTrue(badDecision.json().get("detail").asText().contains("confirm"), badDecision.toString());
        assertEquals(1, store.optOutReviews("+8613900000001"));
        assertEquals(1, store.optOutReviews("+8613900000002"));
    }

    @Test
    void badTaskInputNamesTheField() {
        String list = upload(a, csv(2));
        Api.Response unknown = a.post("/api/tasks", Map.of("listId", list, "colour", "red"));
        assertEquals("UNKNOWN_FIELD", unknown.json().get("code").asText(), unknown.toString());
        Api.Response window = a.post("/api/tasks", Map.of("listId", list, "windowStart", "21:00", "windowEnd", "09:00"));
        assertEquals(400, window.status());
        assertEquals("windowEnd", window.json().get("errors").get(0).get("field").asText());
        Api.Response scenario = a.post("/api/tasks", Map.of("listId", list, "scenario", "nope"));
        assertEquals("scenario", scenario.json().get("errors").get(0).get("field").asText(), scenario.toString());
        Api.Response caller = a.post("/api/tasks", Map.of("listId", list, "callerIds", List.of("110")));
        assertEquals("callerIds[0]", caller.json().get("errors").get(0).get("field").asText(), caller.toString());
        Api.Response noList = a.post("/api/tasks", Map.of("listId", "missing"));
        assertEquals("listId", noList.json().get("errors").get(0).get("field").asText());
        Api.Response created = a.post("/api/tasks", Map.of("listId", list));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertEquals("09:00", created.json().get("windowStart").asText());
        assertEquals(409, a.post("/api/tasks/" + id + "/pause", Map.of()).status(), "cannot pause a task not started");
        assertEquals(200, a.post("/api/tasks/" + id + "/stop", Map.of()).status());
        assertEquals(409, a.post("/api/tasks/" + id + "/start", Map.of()).status(), "a stopped task stays stopped");
        assertEquals(404, a.get("/api/tasks/nope/stats").status());
        assertEquals(404, a.get("/api/tasks/../x").status());
    }

    @Test
    void aDemoTaskCallsTalksAndFinishes() throws Exception {
        int n = 24;
        String list = upload(a, csv(n));
        Map<String, Object> spec = new HashMap<>(Map.of("name", "开户回访演示", "listId", list, "windowStart", "00:00",
                "windowEnd", "24:00", "maxConcurrent", 8, "callsPerSecond", 20, "maxAttempts", 1));
        Api.Response created = a.post("/api/tasks", spec);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertEquals(404, b.get("/api/tasks/" + id).status(), "another tenant's task does not exist for beta");
        assertEquals(404, b.post("/api/tasks/" + id + "/start", Map.of()).status());
        assertEquals(404, b.get("/api/tasks/" + id + "/events").status());

        List<String> events = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest sse = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks/" + id + "/events"))
                .header("Authorization", a.header("Authorization")).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> stream = http.send(sse, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), stream.headers().map().toString());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(line);
                    }
                }
            } catch (Exception ignored) {
                // closed at the end of the test
            }
        });

        assertEquals("RUNNING", a.post("/api/tasks/" + id + "/start", Map.of()).json().get("status").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode stats;
        do {
            Thread.sleep(300);
            stats = a.get("/api/tasks/" + id + "/stats").json();
            assertTrue(System.nanoTime() < deadline, "demo task did not finish: " + stats);
        } while (!stats.get("status").asText().equals("COMPLETED"));
        assertEquals(n, stats.get("dialled").asInt(), stats.toString());
        assertTrue(stats.get("answered").asInt() >= n / 2, stats.toString());
        assertTrue(stats.get("transferred").asInt() >= 1, stats.toString());
        assertTrue(stats.get("dispositions").has("BUSY") && stats.get("dispositions").has("INVALID_NUMBER"), stats.toString());
        assertTrue(stats.get("outcomes").size() >= 2, "several dialog outcomes: " + stats);
        assertEquals(n, stats.get("funnel").get(1).get("leads").asInt());

        JsonNode calls = a.get("/api/tasks/" + id + "/calls?limit=100").json();
        assertEquals(n, calls.size());
        List<String> talked = new ArrayList<>();
        calls.forEach(c -> c.get("transcript").forEach(t -> talked.add(t.asText())));
        assertTrue(talked.stream().anyMatch(t -> t.startsWith("机器人: ") && t.contains("智语证券")), talked.toString());
        assertTrue(talked.stream().anyMatch(t -> t.startsWith("客户: ") && t.contains("验证码")), talked.toString());
        assertEquals(1, a.get("/api/tasks/" + id + "/calls?limit=1").json().size());
        assertEquals(400, a.get("/api/tasks/" + id + "/calls?limit=0").status());

        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events.size() < 2 * n && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(events.stream().anyMatch(e -> e.contains("\"state\":\"dialling\"")), events.toString());
        assertTrue(events.stream().filter(e -> e.contains("\"state\":\"ended\"")).count() == n, events.toString());
        assertTrue(events.stream().noneMatch(e -> e.contains("13800100001")), "numbers are masked on the feed");
        reader.interrupt();
        http.close();
        assertEquals("demo", a.get("/api/calls/status").json().get("mode").asText());
    }

    @Test
    void predictiveTaskTransfersToTheDemoAgentQueue() throws Exception {
        StringBuilder rows = new StringBuilder("手机号,customer_name,stop_step\n");
        for (int i = 0; i < 10; i++) {
            rows.append(13900200000L + i).append(",客户").append(i).append(",1\n"); // numbers no other test opts out
        }
        String list = upload(a, rows.toString());
        Api.Response noQueue = a.post("/api/tasks", Map.of("listId", list, "pacing", "predictive"));
        assertEquals(400, noQueue.status(), noQueue.toString());
        assertEquals("agentQueue", noQueue.json().get("errors").get(0).get("field").asText(), noQueue.toString());
        Api.Response badPacing = a.post("/api/tasks", Map.of("listId", list, "pacing", "fast"));
        assertEquals("pacing", badPacing.json().get("errors").get(0).get("field").asText(), badPacing.toString());
        Api.Response queueWithoutPredictive = a.post("/api/tasks", Map.of("listId", list, "agentQueue", "sales@default"));
        assertEquals("agentQueue", queueWithoutPredictive.json().get("errors").get(0).get("field").asText());
        Api.Response badQueue = a.post("/api/tasks", Map.of("listId", list, "pacing", "predictive", "agentQueue", "a b"));
        assertEquals("agentQueue", badQueue.json().get("errors").get(0).get("field").asText());
        assertEquals("progressive", a.post("/api/tasks", Map.of("listId", list)).json().get("pacing").asText());

        Api.Response created = a.post("/api/tasks", Map.of("listId", list, "pacing", "predictive",
                "agentQueue", TelephonyConfig.DEMO_QUEUE, "windowStart", "00:00", "windowEnd", "24:00", "maxAttempts", 1,
                "maxConcurrent", 10, "callsPerSecond", 20));
        assertEquals(201, created.status(), created.toString());
        assertEquals("predictive", created.json().get("pacing").asText());
        String id = created.json().get("id").asText();
        assertEquals(TelephonyConfig.DEMO_QUEUE, a.get("/api/tasks/" + id).json().get("agentQueue").asText());
        a.post("/api/tasks/" + id + "/start", Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode stats;
        do {
            Thread.sleep(300);
            stats = a.get("/api/tasks/" + id + "/stats").json();
            assertTrue(System.nanoTime() < deadline, "predictive demo task did not finish: " + stats);
        } while (!stats.get("status").asText().equals("COMPLETED"));
        JsonNode calls = a.get("/api/tasks/" + id + "/calls?limit=100").json();
        assertEquals(10, calls.size());
        int transferred = 0;
        for (JsonNode c : calls) {
            if (!c.get("answeredAt").isNull()) {
                String d = c.get("disposition").asText();
                assertTrue(d.equals("TRANSFERRED") || d.equals("ABANDONED"), c.toString());
                if (d.equals("TRANSFERRED")) {
                    transferred++;
                    assertEquals("queue:" + TelephonyConfig.DEMO_QUEUE, c.get("transferredTo").asText());
                }
            }
        }
        assertTrue(transferred >= 1, calls.toString());
    }

    @Test
    void gatewayCapKeysAreReadAndCheckedNamingTheKey() {
        TelephonyConfig c = TelephonyConfig.fromMap(Map.of("zhiyu.telephony.gateway.max.calls", "60",
                "zhiyu.telephony.gateway.max.cps", "8"));
        assertEquals(60, c.gatewayMaxCalls());
        assertEquals(8, c.gatewayMaxCps());
        assertEquals(500, TelephonyConfig.fromMap(Map.of()).gatewayMaxCalls());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.gateway.max.cps", "0")));
        assertTrue(e.getMessage().contains("zhiyu.telephony.gateway.max.cps"), e.getMessage());
    }
}
