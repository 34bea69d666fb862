package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.knowledge.Entity;
import dev.zhiyu.knowledge.EntityKind;
import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.Provenance;
import dev.zhiyu.knowledge.Shareholding;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The knowledge routes on the production server: real API keys, the guard, the tenant from the credential. */
class KnowledgeRoutesTest {
    private TestStores stores;
    private ZhiyuServer server;
    private final Map<String, Api> apis = new java.util.HashMap<>();

    @BeforeEach
    void start() {
        stores = TestStores.h2();
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        Provenance src = new Provenance("测试", null);
        FactBatch ref = new FactBatch()
                .entity("r", 1, new Entity("P1", EntityKind.PERSON, "张三", List.of(), Map.of(), src))
                .entity("r", 2, new Entity("C1", EntityKind.COMPANY, "公共甲", List.of(), Map.of(), src))
                .shareholding("r", 3, new Shareholding("P1", "C1", 0.6, null, null, null, null, src));
        assertTrue(server.services().graphs().loadReference(ref).rejected().isEmpty());
        Platform p = server.platform();
        for (String slug : List.of("t1", "t2")) {
            Tenant t = p.tenants().create(slug, slug, "test");
            apis.put(slug, Api.withKey(server.port(), p.keys().create(t.id(), "admin", "admin", "test").secret()));
        }
    }

    @AfterEach
    void stop() {
        server.close();
        stores.close();
    }

    private Api as(String tenant) {
        return apis.get(tenant);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void tenantAdditionsArePrivateAndReferenceIsShared() {
        String doc = """
                {"entities": [{"kind": "company", "code": "C2", "name": "私有乙"}],
                 "shareholdings": [{"holder": "公共甲", "company": "C2", "equity_pct": 80},
                                   {"holder": "公共甲", "company": "不存在", "equity_pct": 10}]}
                """;
        Api.Response imp = as("t1").postRaw("/api/kg/import?format=tables", doc, "application/json");
        assertEquals(200, imp.status(), imp.toString());
        assertEquals(2, imp.json().get("report").get("accepted").asInt());
        assertEquals("company", imp.json().get("report").get("rejected").get(0).get("field").asText());

        Api.Response ctl = as("t1").get("/api/kg/companies/" + enc("私有乙") + "/controller");
        assertEquals(200, ctl.status(), ctl.toString());
        assertEquals("张三", ctl.json().get("controller").get("name").asText());
        assertEquals(List.of("张三", "公共甲", "私有乙"), names(ctl.json().get("chain")));

        Api.Response hidden = as("t2").get("/api/kg/companies/C2/profile");
        assertEquals(404, hidden.status(), hidden.toString());
        assertEquals("NOT_FOUND", hidden.json().get("code").asText());
        Api.Response shared = as("t2").get("/api/kg/companies/C1/profile");
        assertEquals(200, shared.status(), shared.toString());
        assertEquals(0.6, shared.json().get("ownership").get("ultimateHolders").get(0).get("share").asDouble(), 1e-9);
        Api.Response sparql = as("t2").post("/api/kg/sparql", Map.of("query",
                "PREFIX zy: <https://zhiyu.dev/kg#> SELECT ?n WHERE { ?c a zy:Company ; zy:name ?n }"));
        assertEquals(200, sparql.status(), sparql.toString());
        assertFalse(sparql.body().contains("私有乙"));
    }

    @Test
    void healthCountsTheTenantGraphsByStateWithoutNamingThemAndEachTenantSeesItsOwnState() {
        assertEquals(200, as("t1").get("/api/kg/companies/C1/profile").status());
        Api.Response status = as("t1").get("/api/kg/status");
        assertEquals(200, status.status(), status.toString());
        String state = status.json().get("state").asText();
        assertTrue(List.of("SERVING_PARTIAL", "READY").contains(state), status.toString());

        Api.Response health = Api.anonymous(server.port()).get("/health");
        assertEquals(200, health.status(), health.toString());
        var kg = health.json().get("knowledge");
        assertEquals(1, kg.get("ready").asLong() + kg.get("servingPartial").asLong(), health.toString());
        assertEquals(0, kg.get("rebuilding").asLong() + kg.get("failed").asLong(), health.toString());
        assertFalse(health.body().contains("t1"), "the public route names no tenant: " + health.body());
    }

    @Test
    void chainWalksSeveralHopsAndListsChainMembersByPage() {
        String doc = """
                {"entities": [{"kind": "company", "code": "S", "name": "硅片厂"}, {"kind": "company", "code": "K", "name": "芯片厂"},
                              {"kind": "company", "code": "M", "name": "模组厂"}],
                 "products": [{"code": "硅片", "name": "硅片", "chains": "半导体"}, {"code": "芯片", "name": "芯片", "chains": "半导体"},
                              {"code": "模组", "name": "模组", "parent": "芯片"}],
                 "product_links": [{"upstream": "硅片", "downstream": "芯片"}, {"upstream": "芯片", "downstream": "模组"}],
                 "company_products": [{"company": "S", "product": "硅片", "weight_pct": 90},
                                      {"company": "K", "product": "芯片", "weight_pct": 60},
                                      {"company": "M", "product": "模组", "weight_pct": 30}]}
                """;
        Api.Response imp = as("t1").postRaw("/api/kg/import?format=tables", doc, "application/json");
        assertEquals(200, imp.status(), imp.toString());
        assertEquals(0, imp.json().get("report").get("rejected").size(), imp.toString());
        Api.Response two = as("t1").get("/api/kg/companies/M/chain?depth=2");
        assertEquals(200, two.status(), two.toString());
        assertEquals("[\"芯片\",\"硅片\"]", two.json().get("upstreamProducts").toString());
        assertEquals(0.3, two.json().get("weights").get("模组").asDouble(), 1e-12);
        Api.Response page = as("t1").get("/api/kg/chains/" + enc("半导体") + "/companies?offset=1&limit=1");
        assertEquals(200, page.status(), page.toString());
        assertEquals(3, page.json().get("total").asInt());
        assertEquals("芯片厂", page.json().get("companies").get(0).get("company").get("name").asText());
        assertEquals(400, as("t1").get("/api/kg/companies/M/chain?depth=9").status());
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode parties) {
        List<String> out = new java.util.ArrayList<>();
        parties.forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        Api.Response update = as("t1").post("/api/kg/sparql", Map.of("query", "DROP ALL"));
        assertEquals(400, update.status(), update.toString());
        assertEquals("SPARQL_REJECTED", update.json().get("code").asText());
        Api.Response limits = as("t1").post("/api/kg/sparql", Map.of("query", "ASK {}", "maxRows", 1_000_000));
        assertEquals(400, limits.status(), limits.toString());
        Api.Response unknownField = as("t1").post("/api/kg/sparql", Map.of("query", "ASK {}", "update", true));
        assertEquals("UNKNOWN_FIELD", unknownField.json().get("code").asText());
        Api.Response dir = as("t1").get("/api/kg/companies/C1/penetration?direction=sideways");
        assertEquals("direction", dir.json().get("errors").get(0).get("field").asText());
        Api.Response levels = as("t1").get("/api/kg/companies/C1/penetration?levels=99");
        assertEquals(400, levels.status());
        Api.Response path = as("t1").get("/api/kg/paths?from=P1");
        assertEquals("to", path.json().get("errors").get(0).get("field").asText());
        Api.Response up = as("t1").get("/api/kg/companies/C1/penetration?direction=up&levels=2");
        assertEquals(200, up.status(), up.toString());
        assertEquals("张三", up.json().get("children").get(0).get("party").get("name").asText());
        Api.Response noPrincipal = Api.anonymous(server.port()).get("/api/kg/companies/C1/profile");
        assertEquals(401, noPrincipal.status());
    }
}
