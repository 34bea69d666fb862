package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A FreeSWITCH node without the configured ASR engine's module (the default {@code unimrcp} on a switch that has only
 * {@code mod_test}): the server alerts on connect, and starting a task is refused naming the node, the engine and the
 * setting, the task left as it was.
 */
class MediaPreflightApiTest {

    @Test
    void startingATaskIsRefusedWhenANodeLacksTheAsrEngine() throws Exception {
        try (TestStores stores = TestStores.h2();
             FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY))) {
            int fsPort = sim.start();
            Platform platform = Platform.open(stores.config());
            platform.startUp();
            Tenant t = platform.tenants().create("alpha", "甲证券", "test");
            TelephonyService[] telephony = new TelephonyService[1];
            try (ApiFixture server = ApiFixture.start(stores.config(), platform, d -> telephony[0] = new TelephonyService(
                    platform, d, TelephonyConfig.fromMap(Map.of("zhiyu.telephony.fs.host", "127.0.0.1",
                            "zhiyu.telephony.fs.port", Integer.toString(fsPort))), Clock.systemUTC()).start())) {
                Api a = Api.withKey(server.port(), platform.keys().create(t.id(), "ops", "operator", "test").secret());
                Api.Response list = a.postRaw("/api/calls/lists?name=demo", "手机号,customer_name,stop_step\n"
                        + "13800100000,客户,1\n", "text/csv");
                assertEquals(201, list.status(), list.toString());
                Api.Response created = a.post("/api/tasks", Map.of("listId", list.json().get("listId").asText()));
                assertEquals(201, created.status(), created.toString());
                String id = created.json().get("id").asText();

                Api.Response start = a.post("/api/tasks/" + id + "/start", Map.of());
                assertEquals(409, start.status(), start.toString());
                String detail = start.json().get("detail").asText();
                for (String part : new String[]{"fs1", "unimrcp", "mod_unimrcp", "zhiyu.telephony.asr"}) {
                    assertTrue(detail.contains(part), detail);
                }
                assertEquals("CREATED", a.get("/api/tasks/" + id).json().get("status").asText(), "the task did not move");
                assertEquals(0, sim.dialled().size());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (telephony[0].recentAlerts().stream().noneMatch(m -> m.contains("mod_unimrcp"))) {
                    assertTrue(System.nanoTime() < deadline, "no alert on connect: " + telephony[0].recentAlerts());
                    Thread.sleep(20);
                }
            } finally {
                platform.close();
            }
        }
    }

    /**
     * A node without mod_loopback: the test utterance gives no verdict, so the task starts on the module check alone,
     * and the task itself shows why its media path is unverified (was: started silently).
     */
    @Test
    void aTaskWhoseMediaPathCannotBeVerifiedStartsAndShowsAWarning() throws Exception {
        try (TestStores stores = TestStores.h2();
             FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY))
                     .without("mod_loopback")) {
            int fsPort = sim.start();
            Platform platform = Platform.open(stores.config());
            platform.startUp();
            Tenant t = platform.tenants().create("alpha", "甲证券", "test");
            TelephonyService[] telephony = new TelephonyService[1];
            try (ApiFixture server = ApiFixture.start(stores.config(), platform, d -> telephony[0] = new TelephonyService(
                    platform, d, TelephonyConfig.fromMap(Map.of("zhiyu.telephony.fs.host", "127.0.0.1",
                            "zhiyu.telephony.fs.port", Integer.toString(fsPort), "zhiyu.telephony.asr", "test",
                            "zhiyu.telephony.tts", "test")), Clock.systemUTC()).start())) {
                Api a = Api.withKey(server.port(), platform.keys().create(t.id(), "ops", "operator", "test").secret());
                Api.Response list = a.postRaw("/api/calls/lists?name=demo", "手机号,customer_name,stop_step\n"
                        + "13800100008,客户,1\n", "text/csv");
                String id = a.post("/api/tasks", Map.of("listId", list.json().get("listId").asText(), "windowStart",
                        "00:00", "windowEnd", "24:00")).json().get("id").asText();
                assertTrue(a.get("/api/tasks/" + id).json().get("mediaWarning").isNull(), "not started: no warning");

                Api.Response start = a.post("/api/tasks/" + id + "/start", Map.of());
                assertEquals(200, start.status(), start.toString());
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (a.get("/api/tasks/" + id).json().get("mediaWarning").isNull()) {
                    assertTrue(System.nanoTime() < deadline, "no warning on the task: " + telephony[0].recentAlerts());
                    Thread.sleep(50);
                }
                String warning = a.get("/api/tasks/" + id).json().get("mediaWarning").asText();
                assertTrue(warning.contains("fs1") && warning.contains("媒体通路未能验证")
                        && warning.contains("CHAN_NOT_IMPLEMENTED"), warning);
                assertTrue(telephony[0].recentAlerts().stream().anyMatch(m -> m.contains("任务 " + id + " 已启动，但")),
                        telephony[0].recentAlerts().toString());
            } finally {
                platform.close();
            }
        }
    }

    /**
     * The ASR engine's module is loaded but the engine recognises nothing (its server unreachable): module_exists
     * passes, the test utterance on a loopback channel does not, and the start is refused naming node, engine and
     * setting.
     */
    @Test
    void startingATaskIsRefusedWhenTheTestUtteranceIsNotRecognised() throws Exception {
        try (TestStores stores = TestStores.h2();
             FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY))
                     .modules(Set.of("mod_sofia", "mod_event_socket", "mod_dptools", "mod_commands", "mod_loopback",
                             "mod_hash", "mod_unimrcp", "mod_test")).mute("unimrcp")) {
            int fsPort = sim.start();
            Platform platform = Platform.open(stores.config());
            platform.startUp();
            Tenant t = platform.tenants().create("alpha", "甲证券", "test");
            try (ApiFixture server = ApiFixture.start(stores.config(), platform, d -> new TelephonyService(
                    platform, d, TelephonyConfig.fromMap(Map.of("zhiyu.telephony.fs.host", "127.0.0.1",
                            "zhiyu.telephony.fs.port", Integer.toString(fsPort), "zhiyu.telephony.tts", "test")),
                    Clock.systemUTC()).start())) {
                Api a = Api.withKey(server.port(), platform.keys().create(t.id(), "ops", "operator", "test").secret());
                Api.Response list = a.postRaw("/api/calls/lists?name=demo", "手机号,customer_name,stop_step\n"
                        + "13800100000,客户,1\n", "text/csv");
                String id = a.post("/api/tasks", Map.of("listId", list.json().get("listId").asText())).json().get("id").asText();

                Api.Response start = a.post("/api/tasks/" + id + "/start", Map.of());
                assertEquals(409, start.status(), start.toString());
                String detail = start.json().get("detail").asText();
                for (String part : new String[]{"fs1", "语音自检失败", "unimrcp", "zhiyu.telephony.asr"}) {
                    assertTrue(detail.contains(part), detail);
                }
                assertEquals("CREATED", a.get("/api/tasks/" + id).json().get("status").asText(), "the task did not move");
                assertEquals(0, sim.dialled().size());
            } finally {
                platform.close();
            }
        }
    }
}
