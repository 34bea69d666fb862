package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.JdbcDialerStore;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The tenant's do-not-call list over HTTP: bulk adds (JSON and CSV), sources, removal, tenancy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DncApiTest {
    private final TestStores stores = TestStores.h2();
    private Platform platform;
    private TelephonyService telephony;
    private ApiFixture server;
    private Tenant ta;
    private Api a;
    private Api b;
    private Api researcher;

    @BeforeAll
    void start() {
        platform = Platform.open(stores.config());
        platform.startUp();
        ta = platform.tenants().create("alpha", "甲证券", "test");
        Tenant tb = platform.tenants().create("beta", "乙证券", "test");
        server = ApiFixture.start(stores.config(), platform, d -> telephony = new TelephonyService(platform, d, TelephonyConfig.fromMap(Map.of()), Clock.systemUTC()));
        a = Api.withKey(server.port(), platform.keys().create(ta.id(), "ops", "operator", "test").secret());
        b = Api.withKey(server.port(), platform.keys().create(tb.id(), "ops", "operator", "test").secret());
        researcher = Api.withKey(server.port(), platform.keys().create(ta.id(), "r", "researcher", "test").secret());
    }


    @AfterAll
    void stop() {
        server.close();
        platform.close();
        stores.close();
    }

    private static List<String> phones(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("phone").asText()));
        return out;
    }

    @Test
    void bulkAddNormalisesReportsRowsListsSourcesAndRemoves() {
        Api.Response r = a.post("/api/calls/dnc", Map.of("numbers",
                List.of("138 0013 8000", "+86 138-0013-8001", "12345", "13800138000"), "reason", "客户投诉"));
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(4, j.get("rows").asInt());
        assertEquals(2, j.get("added").asInt());
        assertEquals(1, j.get("duplicates").asInt(), "the same number in another spelling is a duplicate");
        assertEquals(1, j.get("rejected").asInt());
        assertEquals("numbers[2]", j.get("errors").get(0).get("field").asText());
        assertEquals(3, j.get("errors").get(0).get("row").asInt());
        assertTrue(j.get("errors").get(0).get("message").asText().contains("号码"), j.toString());

        Api.Response csv = a.postRaw("/api/calls/dnc?reason=" + "batch", "姓名,手机号\n王,13800138002\n李,abc\n赵,13800138001\n", "text/csv");
        assertEquals(200, csv.status(), csv.toString());
        assertEquals(1, csv.json().get("added").asInt(), csv.toString());
        assertEquals(1, csv.json().get("duplicates").asInt());
        assertEquals(3, csv.json().get("errors").get(0).get("row").asInt(), "header is record 1");
        assertEquals("phone", csv.json().get("errors").get(0).get("field").asText());

        // an opt-out captured in a call (what the dialer records) is listed with its source
        new JdbcDialerStore(platform.stores().jdbi(ta), ta.slug(), ZoneId.of("Asia/Shanghai"))
                .optOut(ta.slug(), "+8613900139000", "通话中要求不再来电");
        JsonNode all = a.get("/api/calls/dnc").json();
        assertEquals(List.of("+8613800138000", "+8613800138001", "+8613800138002", "+8613900139000"),
                phones(all).stream().filter(x -> !x.startsWith("+86137")).sorted().toList()); // 137… belong to the tenancy test
        JsonNode optOuts = a.get("/api/calls/dnc?kind=opt_out").json();
        assertEquals(List.of("+8613900139000"), phones(optOuts));
        assertEquals("opt_out", optOuts.get(0).get("kind").asText());
        assertTrue(optOuts.get(0).get("source").asText().contains("拒绝"), optOuts.toString());
        assertEquals("通话中要求不再来电", optOuts.get(0).get("reason").asText());
        JsonNode dnc = a.get("/api/calls/dnc?kind=dnc").json();
        assertEquals(3, phones(dnc).stream().filter(x -> x.startsWith("+86138")).count());
        dnc.forEach(n -> assertEquals("免打扰名单", n.get("source").asText()));

        Api.Response badKind = a.get("/api/calls/dnc?kind=spam");
        assertEquals(400, badKind.status());
        assertEquals("kind", badKind.json().get("errors").get(0).get("field").asText(), badKind.toString());

        assertEquals(200, a.delete("/api/calls/dnc/13800138000").status());
        assertFalse(phones(a.get("/api/calls/dnc").json()).contains("+8613800138000"));
        assertEquals(404, a.delete("/api/calls/dnc/13800138000").status());
        Api.Response badPhone = a.delete("/api/calls/dnc/12345");
        assertEquals(400, badPhone.status());
        assertEquals("phone", badPhone.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void anotherTenantsNumbersAreNeverVisible() {
        assertEquals(200, a.post("/api/calls/dnc", Map.of("numbers", List.of("13700137000"))).status());
        assertTrue(phones(a.get("/api/calls/dnc").json()).contains("+8613700137000"));
        assertFalse(phones(b.get("/api/calls/dnc").json()).contains("+8613700137000"));
        assertEquals(404, b.delete("/api/calls/dnc/13700137000").status(), "beta cannot remove alpha's entry");
        assertTrue(phones(a.get("/api/calls/dnc").json()).contains("+8613700137000"));
        // beta adding the same number makes it beta's own entry, not a duplicate of alpha's
        assertEquals(1, b.post("/api/calls/dnc", Map.of("numbers", List.of("13700137000"))).json().get("added").asInt());
    }

    @Test
    void badBodiesAreRefusedNamingTheField() {
        Api.Response empty = a.post("/api/calls/dnc", Map.of("numbers", List.of()));
        assertEquals(400, empty.status());
        assertEquals("numbers", empty.json().get("errors").get(0).get("field").asText(), empty.toString());
        Api.Response noColumn = a.postRaw("/api/calls/dnc", "姓名,备注\n王,x\n", "text/csv");
        assertEquals(400, noColumn.status());
        assertEquals("file", noColumn.json().get("errors").get(0).get("field").asText());
        Api.Response longReason = a.post("/api/calls/dnc", Map.of("numbers", List.of("13800138009"), "reason", "长".repeat(201)));
        assertEquals(400, longReason.status());
        assertEquals("reason", longReason.json().get("errors").get(0).get("field").asText());
        assertEquals(415, a.postRaw("/api/calls/dnc", "13800138000", "text/plain").status());
        assertEquals(403, researcher.get("/api/calls/dnc").status());
    }
}
