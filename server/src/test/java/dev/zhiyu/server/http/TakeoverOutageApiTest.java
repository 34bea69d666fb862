package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A supervisor's take-over over HTTP while the call's FreeSWITCH node is disconnected: the call's state is
 * unconfirmed, so the answer is 409 with a Chinese problem naming the node and saying to retry once it is back; an
 * operator is still 403 and another tenant's supervisor still 404 (nothing of the call leaks through the conflict).
 * Once the node is back and has judged its calls, the request is no longer refused for the node.
 */
class TakeoverOutageApiTest {

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void aTakeoverOnADisconnectedNodeIsAConflictNamingTheNode() throws Exception {
        // a callee who answers, stays silent and never hangs up on silence, at a fifth of real time: the bot's
        // greeting and no-input prompts keep the call up for seconds, and once the link drops the call stays up (a
        // dead-air guard of five minutes: the switch would otherwise apologise and hang up the call nobody controls)
        try (TestStores stores = TestStores.h2();
             FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.2), n -> Callee.answers())) {
            int fsPort = sim.start();
            Platform platform = Platform.open(stores.config());
            platform.startUp();
            Tenant ta = platform.tenants().create("alpha", "甲证券", "test");
            Tenant tb = platform.tenants().create("beta", "乙证券", "test");
            try (platform; ApiFixture server = ApiFixture.start(stores.config(), platform, d -> new TelephonyService(platform, d,
                    TelephonyConfig.fromMap(Map.of("zhiyu.telephony.fs.host", "127.0.0.1",
                            "zhiyu.telephony.fs.port", Integer.toString(fsPort), "zhiyu.telephony.reconnect.max", "1s",
                            "zhiyu.telephony.asr", "test", "zhiyu.telephony.tts", "test",
                            "zhiyu.telephony.dead.air.seconds", "300", "zhiyu.telephony.agent.target", "1001")),
                    Clock.systemUTC()).start())) {
                int port = server.port();
                Api operator = Api.withKey(port, platform.keys().create(ta.id(), "ops", "operator", "test").secret());
                Api supervisor = Api.withKey(port, platform.keys().create(ta.id(), "sup", "supervisor", "test").secret());
                Api otherSupervisor = Api.withKey(port, platform.keys().create(tb.id(), "sup", "supervisor", "test").secret());
                await(() -> operator.get("/api/calls/status").json().get("connected").asBoolean(), "the node connected");

                Api.Response list = operator.postRaw("/api/calls/lists?name=outage",
                        "手机号,customer_name,stop_step\n13800100003,客户,2\n", "text/csv");
                assertEquals(201, list.status(), list.toString());
                Api.Response created = operator.post("/api/tasks", Map.of("name", "断线接管", "listId",
                        list.json().get("listId").asText(), "windowStart", "00:00", "windowEnd", "24:00",
                        "maxAttempts", 1, "maxConcurrent", 1));
                assertEquals(201, created.status(), created.toString());
                String task = created.json().get("id").asText();
                List<JsonNode> events = new CopyOnWriteArrayList<>();
                HttpClient http = HttpClient.newHttpClient(); // shut down, not closed: close() waits for the open feed
                try {
                    Thread reader = TaskEventFeed.follow(http, port, task, supervisor, events);
                    Api.Response started = operator.post("/api/tasks/" + task + "/start", Map.of());
                    assertEquals(200, started.status(), started.toString());
                    await(() -> events.stream().anyMatch(e -> e.get("state").asText().equals("talking")),
                            "no dialog on the feed: " + events);
                    String call = events.stream().filter(e -> e.get("state").asText().equals("talking"))
                            .findFirst().orElseThrow().get("callId").asText();

                    sim.goOffline();
                    await(() -> !operator.get("/api/calls/status").json().get("connected").asBoolean(), "the link did not drop");
                    Api.Response refused = supervisor.post("/api/calls/" + call + "/transfer", Map.of());
                    assertEquals(409, refused.status(), refused.toString());
                    assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
                    String detail = refused.json().get("detail").asText();
                    assertTrue(detail.contains("fs1") && detail.contains("恢复连接后重试"), detail);
                    assertTrue(sim.channelUp(call), "the call is still up on the switch: the refusal is for the node");
                    Api.Response forbidden = operator.post("/api/calls/" + call + "/transfer", Map.of());
                    assertEquals(403, forbidden.status(), "operators do not take over: " + forbidden);
                    Api.Response other = otherSupervisor.post("/api/calls/" + call + "/transfer", Map.of());
                    assertEquals(404, other.status(), "another tenant's call: " + other);
                    assertFalse(other.body().contains("fs1"), "nothing of the call's node leaks to another tenant: " + other);

                    sim.start();
                    await(() -> operator.get("/api/calls/status").json().get("connected").asBoolean(), "the node came back");
                    // connected is not yet confirmed: the resync judges the earlier calls first, and until then the
                    // refusal stands; afterwards the call is taken, or (had it ended meanwhile) an ended call's 409
                    await(() -> {
                        Api.Response r = supervisor.post("/api/calls/" + call + "/transfer", Map.of());
                        return r.status() != 409 || !r.json().get("detail").asText().contains("恢复连接后重试");
                    }, "still refused for the node after it came back");
                    reader.interrupt();
                } finally {
                    http.shutdownNow();
                }
            }
        }
    }
}
