package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The text channel over HTTP: a whole conversation persisted, scenarios hot-reloaded, tenants walled off. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialogApiTest {
    private final TestStores stores = TestStores.h2();
    private ZhiyuServer server;
    private Api a;
    private Api b;
    private Api researcher;
    private Api supervisor;

    @BeforeAll
    void start() {
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        Platform p = server.platform();
        Tenant ta = p.tenants().create("alpha", "甲证券", "test");
        Tenant tb = p.tenants().create("beta", "乙证券", "test");
        a = Api.withKey(server.port(), p.keys().create(ta.id(), "bot", "operator", "test").secret());
        b = Api.withKey(server.port(), p.keys().create(tb.id(), "bot", "operator", "test").secret());
        researcher = Api.withKey(server.port(), p.keys().create(ta.id(), "r", "researcher", "test").secret());
        supervisor = Api.withKey(server.port(), p.keys().create(ta.id(), "s", "supervisor", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        stores.close();
    }

    private String startSession(Api api) {
        Api.Response r = api.post("/api/dialog/sessions", Map.of("scenario", "account-opening-callback",
                "variables", Map.of("customer_name", "赵女士", "stop_step", "4")));
        assertEquals(201, r.status(), r.toString());
        assertTrue(r.json().get("text").asText().contains("赵女士"));
        return r.json().get("sessionId").asText();
    }

    @Test
    void aTenantsFaqAnswersItsCallsOnlyAndBadUploadsChangeNothing() throws InterruptedException {
        String faq = """
                - id: fees_opening
                  questions: [开户收费吗, 开户要钱吗]
                  answer: 甲证券开户免费，另送三个月低佣。
                """;
        Api.Response up = supervisor.put("/api/dialog/faq", faq, "application/yaml");
        for (int i = 0; i < 120 && up.status() == 503; i++) { // the index is still being built at first use
            Thread.sleep(500);
            up = supervisor.put("/api/dialog/faq", faq, "application/yaml");
        }
        assertEquals(200, up.status(), up.toString());
        assertEquals("甲证券开户免费，另送三个月低佣。", a.get("/api/dialog/faq").json().at("/own/0/answer").asText());
        assertEquals(403, a.put("/api/dialog/faq", faq, "application/yaml").status(), "operators cannot change the FAQ");
        assertEquals(400, supervisor.put("/api/dialog/faq", "- id: x\n  questions: []\n", "application/yaml").status());
        assertEquals(400, supervisor.put("/api/dialog/faq", "{[", "application/yaml").status());
        assertEquals(415, supervisor.put("/api/dialog/faq", faq, "text/plain").status());
        assertEquals(1, a.get("/api/dialog/faq").json().at("/own").size(), "refused uploads changed nothing");

        assertTrue(askInCall(a, "开户要钱吗", "甲证券开户免费").startsWith("甲证券开户免费，另送三个月低佣。"));
        String other = askInCall(b, "开户要钱吗", "网上开户是免费的");
        assertTrue(other.startsWith("网上开户是免费的") && !other.contains("甲证券"),
                "another tenant's calls hear the shipped answer, never this tenant's: " + other);
        assertTrue(b.get("/api/dialog/faq").json().at("/own").isEmpty());
    }

    /** Asks an off-script question at the problem step until the reply starts with {@code expected} (or a minute). */
    private String askInCall(Api api, String question, String expected) throws InterruptedException {
        String reply = "";
        for (int i = 0; i < 120 && !reply.startsWith(expected); i++) { // a fresh index is built in the background
            if (i > 0) {
                Thread.sleep(500);
            }
            String id = startSession(api);
            api.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", "是我"));
            reply = api.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", question)).json().get("text").asText();
        }
        return reply;
    }

    @Test
    void aWholeConversationIsHeldAndPersisted() {
        String id = startSession(a);
        assertEquals(200, a.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", "是我")).status());
        JsonNode answer = a.post("/api/dialog/sessions/" + id + "/turns", Map.of("nbest", List.of(
                Map.of("text", "视频排队排了很九", "confidence", 0.8),
                Map.of("text", "视频排队排了很久", "confidence", 0.7)))).json();
        assertTrue(answer.get("text").asText().contains("排队"), answer.toString());
        JsonNode last = a.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", "那你发个短信给我吧")).json();
        assertTrue(last.get("ended").asBoolean(), last.toString());
        assertEquals("send_sms", last.get("actions").get(0).get("type").asText());

        JsonNode transcript = a.get("/api/dialog/sessions/" + id + "/transcript").json();
        assertEquals(4, transcript.size(), transcript.toString());
        assertTrue(transcript.get(2).toString().contains("video_queue_long"), "belief persisted");
        // camelCase fields with JSON values, not JSON inside strings
        JsonNode heard = transcript.get(2).get("heard");
        assertTrue(heard.isArray() && heard.size() == 2, transcript.get(2).toString());
        assertEquals("视频排队排了很九", heard.get(0).get("text").asText());
        assertTrue(transcript.get(2).get("intents").isObject(), transcript.get(2).toString());
        assertTrue(transcript.get(2).get("belief").isObject(), transcript.get(2).toString());
        assertEquals(2, transcript.get(2).get("turnIndex").asInt());
        assertFalse(transcript.get(2).has("heard_json"), transcript.get(2).toString());
        assertEquals(409, a.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", "喂")).status(), "ended");
    }

    @Test
    void anotherTenantCannotReachTheSession() {
        String id = startSession(a);
        assertEquals(404, b.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", "是我")).status());
        assertEquals(404, b.get("/api/dialog/sessions/" + id + "/transcript").status());
        assertEquals(404, b.delete("/api/dialog/sessions/" + id).status());
        assertEquals(200, a.delete("/api/dialog/sessions/" + id).status(), "still alive for its owner");
        assertEquals(403, researcher.post("/api/dialog/sessions", Map.of("scenario", "x")).status());
    }

    @Test
    void badTurnsAndSessionsGetProblems() {
        Api.Response unknown = a.post("/api/dialog/sessions", Map.of("scenario", "nope"));
        assertEquals(400, unknown.status());
        assertEquals("scenario", unknown.json().get("errors").get(0).get("field").asText());
        Api.Response missingVar = a.post("/api/dialog/sessions", Map.of("scenario", "account-opening-callback",
                "variables", Map.of("customer_name", "赵女士")));
        assertEquals(400, missingVar.status());
        assertTrue(missingVar.body().contains("stop_step"));
        String id = startSession(a);
        assertEquals(400, a.post("/api/dialog/sessions/" + id + "/turns", Map.of("dtmf", "abc")).status());
        assertEquals(400, a.postRaw("/api/dialog/sessions/" + id + "/turns", "{\"nbest\":[{\"text\":\"x\",\"confidence\":\"high\"}]}",
                "application/json").status());
        assertEquals(200, a.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", "")).status(), "empty turn is a turn");
        assertEquals(404, a.post("/api/dialog/sessions/not-a-session/turns", Map.of("text", "x")).status());
    }

    @Test
    void scenariosAreUploadedWithLinePreciseErrors() throws IOException {
        String yaml;
        try (InputStream in = dev.zhiyu.dialog.ScenarioLoader.class.getResourceAsStream("scenarios/account-opening-callback.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String renamed = yaml.replace("id: account-opening-callback", "id: my-callback")
                .replace("institution: 智语证券", "institution: 甲证券");
        Api.Response byOperator = putYaml(a, renamed);
        assertEquals(403, byOperator.status(), "operators cannot change the customer-facing scenario: " + byOperator);
        Api.Response up = putYaml(supervisor, renamed);
        assertEquals(201, up.status(), up.toString());
        assertTrue(a.get("/api/dialog/scenarios").body().contains("my-callback"));
        assertFalse(b.get("/api/dialog/scenarios").body().contains("my-callback"), "not visible to another tenant");

        String broken = renamed.replace("prompt: offer", "prompt: offfer");
        Api.Response bad = putYaml(supervisor, broken);
        assertEquals(400, bad.status());
        int line = List.of(broken.split("\n")).indexOf("    prompt: offfer") + 1;
        assertEquals("line " + line, bad.json().get("errors").get(0).get("field").asText(), bad.body());
    }

    private static Api.Response putYaml(Api api, String yaml) {
        return api.put("/api/dialog/scenarios", yaml, "application/yaml");
    }
}
