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
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The server starts while its FreeSWITCH is down: the API answers, the node's cause is shown, a started task says what
 * it waits for, and once the switch listens the node connects and the task no longer waits.
 */
class DegradedStartApiTest {
    private TelephonyService telephony;

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void startsWithTheSwitchDownShowsWhyTasksWaitAndConnectsWhenItIsUp() throws Exception {
        FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
        int fsPort = sim.start();
        sim.goOffline(); // FreeSWITCH is down when serve starts
        try (TestStores stores = TestStores.h2(); sim) {
            Platform platform = Platform.open(stores.config());
            platform.startUp();
            Tenant ta = platform.tenants().create("alpha", "甲证券", "test");
            try (platform; ApiFixture server = ApiFixture.start(stores.config(), platform, d -> telephony =
                    new TelephonyService(platform, d, TelephonyConfig.fromMap(Map.of("zhiyu.telephony.fs.host", "127.0.0.1",
                            "zhiyu.telephony.fs.port", Integer.toString(fsPort), "zhiyu.telephony.reconnect.max", "1s")),
                            Clock.systemUTC()).start())) {
                Api a = Api.withKey(server.port(), platform.keys().create(ta.id(), "ops", "operator", "test").secret());
                JsonNode status = a.get("/api/calls/status").json();
                assertFalse(status.get("connected").asBoolean(), status.toString());
                String problem = status.get("nodes").get(0).get("problem").asText();
                assertTrue(problem.startsWith("FreeSWITCH 节点 fs1 无法连接：127.0.0.1:" + fsPort + " 拒绝连接"), problem);

                Api.Response list = a.postRaw("/api/calls/lists?name=demo",
                        "手机号,customer_name,stop_step\n13800100000,客户,1\n", "text/csv");
                assertEquals(201, list.status(), list.toString());
                Api.Response created = a.post("/api/tasks", Map.of("listId", list.json().get("listId").asText(),
                        "windowStart", "00:00", "windowEnd", "24:00"));
                String id = created.json().get("id").asText();
                assertTrue(created.json().get("waiting").isNull(), "a task not started does not wait");
                Api.Response started = a.post("/api/tasks/" + id + "/start", Map.of());
                assertEquals(200, started.status(), started.toString());
                assertEquals("等待 FreeSWITCH 节点恢复连接（fs1：" + problem + "）",
                        started.json().get("waiting").asText(), started.toString());
                assertEquals(started.json().get("waiting"), a.get("/api/tasks/" + id).json().get("waiting"));

                sim.start();
                await(() -> a.get("/api/calls/status").json().get("connected").asBoolean(), "the node connected");
                JsonNode node = a.get("/api/calls/status").json().get("nodes").get(0);
                assertTrue(node.get("problem").isNull(), node.toString());
                assertTrue(a.get("/api/tasks/" + id).json().get("waiting").isNull(), "the task no longer waits");
                assertEquals(1, telephony.recentAlerts().stream().filter(m -> m.contains("拒绝连接")).count(),
                        telephony.recentAlerts().toString());
            }
        }
    }
}
