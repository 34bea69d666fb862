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
