package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The slot recogniser's learning loop ({@code ner:<scenario>}) over the production server: slot corrections of stored
 * caller turns, training, promotion while a session is live (it keeps its recogniser, a new one uses the new one),
 * rollback, comparison; another tenant can list, train and promote none of it. H2 and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NerLifecycleContract {
    static final String PURPOSE = "ner:" + Calls.SCENARIO;
    /** Turn text → slot values; a new slot type (app) and product name the built-in recogniser does not know. */
    static final Map<String, Map<String, String>> SLOTS = Map.of(
            "我在同花顺上开的户", Map.of("app", "同花顺"),
            "东方财富那个软件打不开", Map.of("app", "东方财富"),
            "同花顺上面买的春风十里", Map.of("app", "同花顺", "product", "春风十里"),
            "同花顺开户的时候卡住了", Map.of("app", "同花顺"),
            "我在东方财富开的户", Map.of("app", "东方财富"),
            "我买的春风十里怎么赎回", Map.of("product", "春风十里"),
            "春风十里现在收益多少", Map.of("product", "春风十里"),
            "用同花顺开户老是闪退", Map.of("app", "同花顺"), // held out (by its hash): the app type is evaluated
            "我想换一张卡", Map.of("bank", "招商银行"));
    static final String PROBE = "我是在同花顺开的户";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelServerStores stores;
    private ZhiyuServer server;
    private String operatorKey;
    private Api supervisor;
    private Api operator;
    private Api other;
    private String v1;
    private String v2;

    abstract TestStores stores();

    @BeforeAll
    void start() {
        stores = new ModelServerStores(stores());
        server = ZhiyuServer.start(stores.config);
        Platform p = server.platform();
        Tenant a = p.tenants().create("alpha", "甲证券", "test");
        Tenant b = p.tenants().create("beta", "乙证券", "test");
        supervisor = Api.withKey(server.port(), p.keys().create(a.id(), "li", "supervisor", "test").secret());
        operatorKey = p.keys().create(a.id(), "bot", "operator", "test").secret();
        operator = Api.withKey(server.port(), operatorKey);
        other = Api.withKey(server.port(), p.keys().create(b.id(), "b-admin", "admin", "test").secret());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    private String train(Map<String, Object> hp) throws InterruptedException {
        Api.Response r = supervisor.post("/api/models/train", Map.of("purpose", PURPOSE, "hyperParameters", hp));
        assertEquals(202, r.status(), r.toString());
        String job = r.json().get("id").asText();
        for (int i = 0; i < 1200; i++) {
            JsonNode j = supervisor.get("/api/model-jobs/" + job).json();
            String status = j.get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                assertEquals("SUCCEEDED", status, j.toString());
                assertTrue(j.get("log").toString().contains("1 个槽位值不在话语中"), j.toString());
                return j.get("modelId").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not finish");
    }

    /** Slot values the session's recogniser recorded with its caller turn 1 (type → values). */
    private static Map<String, List<String>> slotsHeard(Api api, String session) throws Exception {
        for (JsonNode turn : api.get("/api/dialog/sessions/" + session + "/transcript").json()) {
            if (turn.get("turnIndex").asInt() == 1) {
                Map<String, List<String>> out = new HashMap<>();
                turn.get("belief").properties().forEach(e -> {
                    if (e.getKey().startsWith("ner:")) {
                        List<String> values = new java.util.ArrayList<>();
                        e.getValue().fieldNames().forEachRemaining(values::add);
                        out.put(e.getKey().substring(4), values);
                    }
                });
                return out;
            }
        }
        throw new AssertionError("no caller turn 1 in " + session);
    }

    @Test
    @Order(1)
    void slotValuesOfStoredTurnsAreCorrectedAndBadSlotsRefused() {
        SLOTS.forEach((text, slots) -> {
            String s = Calls.start(operator);
            assertEquals(200, Calls.say(operator, s, text));
            Api.Response r = supervisor.post("/api/annotations", Map.of("sessionId", s, "turnIndex", 1,
                    "intent", "other", "slots", slots));
            assertEquals(201, r.status(), r.toString());
            assertEquals(slots.size(), r.json().get("slots").size());
            operator.delete("/api/dialog/sessions/" + s);
        });
        String s = Calls.start(operator);
        Calls.say(operator, s, "我在同花顺上开的户");
        assertEquals(400, supervisor.post("/api/annotations", Map.of("sessionId", s, "turnIndex", 1, "intent", "other",
                "slots", Map.of("App Name", "同花顺"))).status());
        assertEquals(400, supervisor.post("/api/annotations", Map.of("sessionId", s, "turnIndex", 1, "intent", "other",
                "slots", Map.of("app", " "))).status());
        Api.Response few = supervisor.post("/api/models/train", Map.of("purpose", PURPOSE,
                "hyperParameters", Map.of("base", "nothing")));
        assertEquals(400, few.status(), few.toString());
    }

    @Test
    @Order(2)
    void aTrainedRecogniserGoesLiveForNewSessionsWhileARunningOneKeepsItsOwn() throws Exception {
        v1 = train(Map.of());
        JsonNode m = supervisor.get("/api/models/" + v1).json().get("version").get("metrics");
        System.out.printf("%s ner v1: macroF1 %.4f (built-in %.4f), f1:app %.4f%n", getClass().getSimpleName(),
                m.get("macroF1").asDouble(), m.get("baseline.macroF1").asDouble(), m.path("f1:app").asDouble());
        assertTrue(m.get("macroF1").asDouble() > m.get("baseline.macroF1").asDouble(), m.toString());
        assertTrue(m.get("f1:bank").asDouble() > 0.6, m.toString());

        String running = Calls.start(operator);
        Api.Response promoted = supervisor.post("/api/models/" + v1 + "/promote", Map.of());
        assertEquals(200, promoted.status(), promoted.toString());
        assertEquals("LIVE", promoted.json().get("status").asText());
        assertEquals(200, Calls.say(operator, running, PROBE));
        assertEquals(Map.of(), slotsHeard(operator, running), "a session started before keeps its (no) recogniser");

        String fresh = Calls.start(operator);
        assertEquals(200, Calls.say(operator, fresh, PROBE));
        assertEquals(Map.of("app", List.of("同花顺")), slotsHeard(operator, fresh), "a new session extracts the slot");
    }

    @Test
    @Order(3)
    void aSecondVersionIsComparedPromotedAndRolledBack() throws Exception {
        v2 = train(Map.of("base", "none"));
        assertEquals(v1, supervisor.get("/api/models/" + v2).json().get("version").get("parent").asText());
        JsonNode cmp = supervisor.get("/api/models/compare?a=" + v1 + "&b=" + v2).json();
        assertTrue(cmp.get("types").toString().contains("\"bank\""), cmp.toString());
        assertTrue(cmp.get("flipped").size() > 0, cmp.toString());
        assertEquals(200, supervisor.post("/api/models/" + v2 + "/promote", Map.of()).status());
        String s2 = Calls.start(operator);
        Calls.say(operator, s2, "我想把招商银行的卡换掉");
        Api.Response back = supervisor.post("/api/models/rollback", Map.of("purpose", PURPOSE));
        assertEquals(200, back.status(), back.toString());
        assertEquals(v1, back.json().get("id").asText());
        assertEquals("RETIRED", supervisor.get("/api/models/" + v2).json().get("version").get("status").asText());
        JsonNode list = supervisor.get("/api/models?purpose=" + PURPOSE).json();
        assertEquals(2, list.size(), list.toString());
        list.forEach(v -> assertEquals(PURPOSE, v.get("purpose").asText()));
        assertEquals(0, supervisor.get("/api/models?purpose=" + Calls.PURPOSE).json().size(), "no intent versions");

        String s3 = Calls.start(operator);
        assertEquals(200, Calls.say(operator, s3, PROBE));
        assertEquals(Map.of("app", List.of("同花顺")), slotsHeard(operator, s3), "v1 serves again");
    }

    @Test
    @Order(5)
    void afterARestartTheLiveRecogniserServesTheFirstNewSession() throws Exception {
        server.close();
        server = ZhiyuServer.start(stores.config);
        Api op = Api.withKey(server.port(), operatorKey);
        String s = Calls.start(op);
        assertEquals(200, Calls.say(op, s, PROBE));
        assertEquals(Map.of("app", List.of("同花顺")), slotsHeard(op, s),
                "v1 is handed to the dialog engine when the tenant loads, not at the next live change");
    }

    @Test
    @Order(4)
    void anotherTenantCanNeitherListNorTrainNorPromoteIt() {
        assertEquals(0, other.get("/api/models?purpose=" + PURPOSE).json().size());
        assertEquals(404, other.post("/api/models/" + v1 + "/promote", Map.of()).status());
        assertEquals(404, other.get("/api/models/compare?a=" + v1 + "&b=" + v2).status());
        Api.Response train = other.post("/api/models/train", Map.of("purpose", PURPOSE));
        assertEquals(400, train.status(), "no slot corrections of alpha's: " + train);
        assertEquals(409, other.post("/api/models/rollback", Map.of("purpose", PURPOSE)).status());
        assertEquals(400, supervisor.get("/api/models?purpose=ner:").status());
    }
}
