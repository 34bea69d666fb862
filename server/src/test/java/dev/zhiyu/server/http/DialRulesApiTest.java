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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A tenant's own dialling rules over HTTP: registered caller numbers, checked at task creation, per tenant. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialRulesApiTest {
    private final TestStores stores = TestStores.h2();
    private Platform platform;
    private TelephonyService telephony;
    private ApiFixture server;
    private Api a;
    private Api b;

    @BeforeAll
    void start() {
        platform = Platform.open(stores.config());
        platform.startUp();
        Tenant ta = platform.tenants().create("alpha", "甲证券", "test");
        Tenant tb = platform.tenants().create("beta", "乙证券", "test");
        server = ApiFixture.start(stores.config(), platform, d -> telephony = new TelephonyService(platform, d, TelephonyConfig.fromMap(Map.of()), Clock.systemUTC()));
        a = Api.withKey(server.port(), platform.keys().create(ta.id(), "ops", "operator", "test").secret());
        b = Api.withKey(server.port(), platform.keys().create(tb.id(), "ops", "operator", "test").secret());
    }


    @AfterAll
    void stop() {
        server.close();
        platform.close();
        stores.close();
    }

    private static String list(Api api) {
        Api.Response r = api.postRaw("/api/calls/lists", "手机号,customer_name,stop_step\n13800100000,王先生,1\n13800100001,李女士,2\n", "text/csv");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("listId").asText();
    }

    private static String field(Api.Response r) {
        return r.json().get("errors").get(0).get("field").asText();
    }

    @Test
    void taskCallerIdsComeOnlyFromTheTenantsRegisteredNumbers() {
        String listA = list(a);
        String listB = list(b);
        JsonNode before = a.get("/api/calls/caller-ids").json();
        assertEquals("default", before.get("source").asText());
        assertEquals(List.of("057188880000"), List.of(before.get("effective").get(0).asText()));

        Api.Response reg = a.post("/api/calls/caller-ids", Map.of("number", "021-6666 0000", "label", "上海营业部"));
        assertEquals(201, reg.status(), reg.toString());
        assertEquals("02166660000", reg.json().get("number").asText(), "normalised to the dialled digits");
        assertEquals(409, a.post("/api/calls/caller-ids", Map.of("number", "02166660000")).status());
        Api.Response bad = a.post("/api/calls/caller-ids", Map.of("number", "12345"));
        assertEquals(400, bad.status());
        assertEquals("number", field(bad));
        JsonNode after = a.get("/api/calls/caller-ids").json();
        assertEquals("tenant", after.get("source").asText());
        assertEquals(1, after.get("effective").size());
        assertEquals("上海营业部", after.get("registered").get(0).get("label").asText());

        // alpha: its own number is accepted (in any spelling); the server default no longer is
        Api.Response ok = a.post("/api/tasks", Map.of("listId", listA, "callerIds", List.of("+86 21 6666 0000")));
        assertEquals(201, ok.status(), ok.toString());
        assertEquals("02166660000", ok.json().get("callerIds").get(0).asText());
        Api.Response dflt = a.post("/api/tasks", Map.of("listId", listA));
        assertEquals(List.of("02166660000"), List.of(dflt.json().get("callerIds").get(0).asText()));
        assertEquals(1, dflt.json().get("callerIds").size());
        Api.Response old = a.post("/api/tasks", Map.of("listId", listA, "callerIds", List.of("057188880000")));
        assertEquals(400, old.status());
        assertEquals("callerIds[0]", field(old));

        // beta: alpha's registered number is refused; beta still has the configured default
        Api.Response cross = b.post("/api/tasks", Map.of("listId", listB, "callerIds", List.of("02166660000")));
        assertEquals(400, cross.status(), cross.toString());
        assertEquals("callerIds[0]", field(cross));
        assertTrue(cross.json().get("errors").get(0).get("message").asText().contains("登记"), cross.toString());
        assertEquals("default", b.get("/api/calls/caller-ids").json().get("source").asText());
        assertEquals(404, b.delete("/api/calls/caller-ids/02166660000").status(), "beta cannot remove alpha's number");
        assertEquals(201, b.post("/api/tasks", Map.of("listId", listB)).status());

        assertEquals(200, a.delete("/api/calls/caller-ids/02166660000").status());
        assertEquals("default", a.get("/api/calls/caller-ids").json().get("source").asText());
        assertEquals(201, a.post("/api/tasks", Map.of("listId", listA, "callerIds", List.of("057188880000"))).status());
    }
}
