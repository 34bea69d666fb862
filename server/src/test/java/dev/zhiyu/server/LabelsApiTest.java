package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The label catalogue, the task defaults the console's form shows, and problems in the request's language. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelsApiTest {
    private final TestStores stores = TestStores.h2();
    private ZhiyuServer server;
    private Api operator;
    private Api researcher;

    @BeforeAll
    void start() {
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        Platform p = server.platform();
        Tenant t = p.tenants().create("alpha", "甲证券", "test");
        operator = Api.withKey(server.port(), p.keys().create(t.id(), "ops", "operator", "test").secret());
        researcher = Api.withKey(server.port(), p.keys().create(t.id(), "r", "researcher", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        stores.close();
    }

    @Test
    void everyKindIsNamedInChineseAndInEnglishScenarioNamesComingFromTheYaml() {
        JsonNode zh = operator.get("/api/labels").json();
        assertEquals("开户断点回访", zh.get("scenario").get("account-opening-callback").asText(), "the YAML's own name");
        assertEquals("收不到短信验证码", zh.get("problem").get("sms_code_missing").asText(), "a problem's label from the YAML");
        assertEquals("打错人了", zh.get("intent").get("wrong_person").asText());
        assertEquals("正常挂机", zh.get("hangupCause").get("NORMAL_CLEARING").asText());
        assertEquals("无人接听", zh.get("disposition").get("NO_ANSWER").asText(), "the enum's own label");
        assertTrue(zh.get("outcome").get("A").asText().startsWith("A 类"), zh.get("outcome").toString());
        for (String kind : new String[] {"intent", "stage", "outcome", "disposition", "hangupCause", "role", "callState",
                "taskStatus", "officerRole", "scenario", "problem"}) {
            assertTrue(zh.has(kind) && !zh.get(kind).isEmpty(), "kind " + kind + " is catalogued: " + zh.fieldNames());
            zh.get(kind).properties().forEach(e -> assertFalse(e.getValue().asText().matches(".*[a-z_]{3,}.*"),
                    kind + "." + e.getKey() + " has an id-like Chinese name: " + e.getValue()));
        }
        JsonNode en = researcher.get("/api/labels?lang=en").json();
        assertEquals("Wrong person", en.get("intent").get("wrong_person").asText());
        assertEquals("Account-opening follow-up", en.get("scenario").get("account-opening-callback").asText());
        JsonNode byHeader = operator.withHeaders(Map.of("Accept-Language", "en-GB,en;q=0.9")).get("/api/labels").json();
        assertEquals(en, byHeader, "Accept-Language chooses English too");
    }

    @Test
    void theDefaultsServedAreTheOnesATaskGets() {
        JsonNode d = operator.get("/api/tasks/defaults").json();
        assertEquals(10, d.get("maxConcurrent").asInt(), d.toString());
        String list = operator.postRaw("/api/calls/lists?name=d", "手机号,customer_name,stop_step\n13800138000,王先生,2\n",
                "text/csv").json().get("listId").asText();
        JsonNode task = operator.post("/api/tasks", Map.of("listId", list)).json();
        for (String k : new String[] {"scenario", "windowStart", "windowEnd", "maxConcurrent", "callsPerSecond", "maxAttempts",
                "perNumberDailyCap"}) {
            assertEquals(d.get(k), task.get(k), k + ": a task created with nothing set gets the served default " + task);
        }
    }

    @Test
    void problemsFollowTheRequestsLanguageChineseByDefault() {
        Api.Response zh = Api.anonymous(server.port()).get("/api/tasks");
        assertEquals(401, zh.status());
        assertEquals("未认证", zh.json().get("title").asText());
        Api.Response en = Api.anonymous(server.port()).withHeaders(Map.of("Accept-Language", "en-US")).get("/api/tasks");
        assertEquals("Not signed in", en.json().get("title").asText(), en.body());
        assertTrue(en.json().get("detail").asText().startsWith("No valid credentials"), en.body());
        assertEquals("en", en.raw().headers().firstValue("Content-Language").orElse(""));
        Api.Response bad = operator.withHeaders(Map.of("X-Zhiyu-Lang", "en")).post("/api/tasks",
                Map.of("listId", "nope", "maxConcurrent", 0));
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("Invalid input", bad.json().get("title").asText(), bad.body());
        assertFalse(bad.body().matches("(?s).*[\\u4e00-\\u9fa5].*"), "nothing left in Chinese: " + bad.body());
        Api.Response badZh = operator.post("/api/tasks", Map.of("listId", "nope"));
        assertTrue(badZh.json().get("detail").asText().contains("没有名单"), badZh.body());
    }
}
