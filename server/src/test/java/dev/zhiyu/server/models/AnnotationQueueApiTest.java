package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The annotation queue per annotator: a turn stays queued for a second annotator until the tenant's annotators per
 * turn labelled it (or an admin adjudicated it), so agreement compares verdicts on the same turn, slots included.
 * On H2 (seconds); the settings' SQL is also run on PostgreSQL by {@code PostgresModelLifecycleTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotationQueueApiTest {
    private static final String QUEUE = "/api/annotations/queue?limit=500&scenario=" + Calls.SCENARIO;
    private static final String AGREEMENT = "/api/annotations/agreement?scenario=" + Calls.SCENARIO;
    private TestStores stores;
    private ZhiyuServer server;
    private Api operator;
    private Api li;
    private Api wang;
    private Api zhao;
    private Api admin;
    private Api otherAdmin;

    @BeforeAll
    void start() {
        stores = TestStores.h2();
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        Platform p = server.platform();
        Tenant a = p.tenants().create("alpha", "甲证券", "test");
        Tenant b = p.tenants().create("beta", "乙证券", "test");
        operator = Api.withKey(server.port(), p.keys().create(a.id(), "bot", "operator", "test").secret());
        li = Api.withKey(server.port(), p.keys().create(a.id(), "li", "supervisor", "test").secret());
        wang = Api.withKey(server.port(), p.keys().create(a.id(), "wang", "supervisor", "test").secret());
        zhao = Api.withKey(server.port(), p.keys().create(a.id(), "zhao", "supervisor", "test").secret());
        admin = Api.withKey(server.port(), p.keys().create(a.id(), "boss", "admin", "test").secret());
        otherAdmin = Api.withKey(server.port(), p.keys().create(b.id(), "b-admin", "admin", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        stores.close();
    }

    /** A call whose caller says {@code text} twice; the first of its turns in the annotator's queue. */
    private int[] queuedTurn(Api annotator, String text, List<String> sessions) {
        String s = Calls.call(operator, text);
        sessions.add(s);
        for (JsonNode item : annotator.get(QUEUE).json()) {
            if (item.get("turn").get("sessionId").asText().equals(s)) {
                return new int[] {sessions.size() - 1, item.get("turn").get("turnIndex").asInt()};
            }
        }
        throw new AssertionError("no turn of " + s + " (" + text + ") queued");
    }

    private static boolean queued(Api annotator, String session, int turn) {
        for (JsonNode item : annotator.get(QUEUE).json()) {
            if (item.get("turn").get("sessionId").asText().equals(session) && item.get("turn").get("turnIndex").asInt() == turn) {
                return true;
            }
        }
        return false;
    }

    private static void label(Api annotator, String session, int turn, String intent, Map<String, String> slots) {
        Api.Response r = annotator.post("/api/annotations", Map.of("sessionId", session, "turnIndex", turn, "intent", intent,
                "slots", slots));
        assertEquals(201, r.status(), r.toString());
    }

    private static Api.Response setAnnotators(Api api, int n) {
        return api.put("/api/annotations/settings", "{\"annotatorsPerTurn\": " + n + "}", "application/json");
    }

    private JsonNode conflictOf(String text) {
        for (JsonNode c : li.get(AGREEMENT).json().get("conflicts")) {
            if (c.get("text").asText().equals(text)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void aTurnStaysQueuedForASecondAnnotatorAndAgreementIsMeasuredOnIt() {
        List<String> sessions = new java.util.ArrayList<>();
        int[] t = queuedTurn(li, "侬是啥人啊", sessions);
        String s = sessions.get(t[0]);
        int texts = li.get(AGREEMENT).json().get("texts").asInt();
        label(li, s, t[1], "ask_identity", Map.of());
        assertFalse(queued(li, s, t[1]), "it leaves the queue of whoever labelled it");
        assertTrue(queued(wang, s, t[1]) && queued(zhao, s, t[1]), "and stays for a second annotator");
        assertEquals(texts, li.get(AGREEMENT).json().get("texts").asInt(), "one verdict is no agreement yet");

        label(wang, s, t[1], "ask_identity", Map.of());
        assertFalse(queued(zhao, s, t[1]), "two annotators labelled it: it leaves everyone's queue");
        JsonNode agreement = li.get(AGREEMENT).json();
        assertEquals(texts + 1, agreement.get("texts").asInt(), agreement.toString());
        assertEquals(null, conflictOf("侬是啥人啊"), "the two agree");

        int[] u = queuedTurn(li, "你是哪个哦", sessions);
        label(li, sessions.get(u[0]), u[1], "ask_identity", Map.of());
        Api.Response settled = admin.post("/api/annotations", Map.of("sessionId", sessions.get(u[0]), "turnIndex", u[1],
                "intent", "ask_identity", "adjudicated", true));
        assertEquals(201, settled.status(), settled.toString());
        assertFalse(queued(wang, sessions.get(u[0]), u[1]), "an adjudicated turn leaves every queue");
    }

    @Test
    void copiesOfASentenceLabelledOnceEachByDifferentAnnotatorsAreNoAgreement() {
        List<String> sessions = new java.util.ArrayList<>();
        int[] first = queuedTurn(li, "要得噻", sessions);
        int[] second = queuedTurn(wang, "要得噻", sessions);
        label(li, sessions.get(first[0]), first[1], "affirm", Map.of());
        label(wang, sessions.get(second[0]), second[1], "deny", Map.of());
        assertEquals(null, conflictOf("要得噻"), "two different turns of one sentence: nobody judged the same turn twice");
        label(wang, sessions.get(first[0]), first[1], "deny", Map.of());
        JsonNode conflict = conflictOf("要得噻");
        assertTrue(conflict != null && conflict.get("verdicts").size() == 2, "the same turn, judged differently: " + conflict);
    }

    @Test
    void slotsArePartOfTheVerdictAndTheScenarioNamesItsSlots() {
        JsonNode slots = li.get("/api/annotations/slots?scenario=" + Calls.SCENARIO).json();
        assertEquals("problem", slots.get(0).get("name").asText(), slots.toString());
        assertTrue(slots.get(0).get("values").toString().contains("sms_code_missing"), slots.toString());
        assertEquals("callback_time", slots.get(1).get("name").asText(), slots.toString());
        assertEquals(0, slots.get(1).get("values").size(), "a datetime is what the caller said: " + slots);
        assertEquals(400, li.get("/api/annotations/slots").status(), "the scenario is required");

        List<String> sessions = new java.util.ArrayList<>();
        int[] t = queuedTurn(li, "那个码码一直没来", sessions);
        String s = sessions.get(t[0]);
        label(li, s, t[1], "other", Map.of("problem", "sms_code_missing"));
        label(wang, s, t[1], "other", Map.of("problem", "sms_code_expired"));
        JsonNode conflict = conflictOf("那个码码一直没来");
        assertTrue(conflict != null, "the same intent with another slot value disagrees: " + li.get(AGREEMENT).json());
        assertTrue(conflict.get("verdicts").toString().contains("sms_code_expired")
                && conflict.get("verdicts").toString().contains("sms_code_missing"), conflict.toString());
    }

    @Test
    void theTenantSetsHowManyAnnotatorsATurnNeedsAndOnlyAnAdminChangesIt() {
        assertEquals(2, li.get("/api/annotations/settings").json().get("annotatorsPerTurn").asInt(), "two by default");
        assertEquals(403, setAnnotators(li, 1).status());
        Api.Response bad = setAnnotators(admin, 0);
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.toString().contains("annotatorsPerTurn"), bad.toString());
        Api.Response english = setAnnotators(admin.withHeaders(Map.of("X-Zhiyu-Lang", "en")), 11);
        assertTrue(english.toString().contains("the annotators per turn must be 1 to 10"), english.toString());
        try {
            assertEquals(200, setAnnotators(admin, 1).status());
            assertEquals(1, zhao.get("/api/annotations/settings").json().get("annotatorsPerTurn").asInt());
            assertEquals(2, otherAdmin.get("/api/annotations/settings").json().get("annotatorsPerTurn").asInt(),
                    "another tenant keeps its own setting");
            List<String> sessions = new java.util.ArrayList<>();
            int[] t = queuedTurn(zhao, "阿拉勿要哦", sessions);
            label(zhao, sessions.get(t[0]), t[1], "not_interested", Map.of());
            assertFalse(queued(li, sessions.get(t[0]), t[1]), "one annotator is enough now");
        } finally {
            setAnnotators(admin, 2);
        }
    }
}
