package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The learning loop end to end over the production server: simulated calls, the annotation queue, corrections,
 * training, promotion while calls run, rollback, lineage; and another tenant that can see or touch none of it.
 * Run on H2 and on a real PostgreSQL by the subclasses. The steps build on each other, hence the order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ModelLifecycleContract {
    static final Map<String, Object> FAST = Map.of("folds", "3", "iterations", "100");

    private ModelServerStores stores;
    private Path dataDir;
    private ZhiyuServer server;
    private Api supervisor;
    private Api supervisor2;
    private Api admin;
    private Api operator;
    private Api other;
    private final Map<String, String> firstSessions = new HashMap<>();
    private final Map<String, String> genericHeard = new HashMap<>();
    private String v1;
    private String v2;

    abstract TestStores stores();

    @BeforeAll
    void start() {
        stores = new ModelServerStores(stores());
        server = ZhiyuServer.start(stores.config);
        dataDir = stores.config.dataDir();
        Platform p = server.platform();
        Tenant a = p.tenants().create("alpha", "甲证券", "test");
        Tenant b = p.tenants().create("beta", "乙证券", "test");
        supervisor = Api.withKey(server.port(), p.keys().create(a.id(), "li", "supervisor", "test").secret());
        supervisor2 = Api.withKey(server.port(), p.keys().create(a.id(), "wang", "supervisor", "test").secret());
        admin = Api.withKey(server.port(), p.keys().create(a.id(), "boss", "admin", "test").secret());
        operator = Api.withKey(server.port(), p.keys().create(a.id(), "bot", "operator", "test").secret());
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

    private JsonNode awaitJob(Api api, String jobId) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode j = api.get("/api/model-jobs/" + jobId).json();
            String status = j.get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private String train() throws InterruptedException {
        Api.Response r = supervisor.post("/api/models/train", Map.of("purpose", Calls.PURPOSE, "hyperParameters", FAST));
        assertEquals(202, r.status(), r.toString());
        JsonNode done = awaitJob(supervisor, r.json().get("id").asText());
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        assertTrue(done.get("log").size() >= 5, done.toString());
        return done.get("modelId").asText();
    }

    @Test
    @Order(1)
    void misrecognisedTurnsOfSimulatedCallsReachTheQueueAndAreCorrected() {
        Calls.DIALECT.keySet().forEach(text -> {
            String s = Calls.call(operator, text);
            firstSessions.put(text, s);
            genericHeard.put(text, Calls.heard(operator, s, 1));
        });
        long wrong = Calls.DIALECT.entrySet().stream().filter(e -> !e.getValue().equals(genericHeard.get(e.getKey()))).count();
        assertTrue(wrong >= 10, "the generic model gets many dialect replies wrong: " + genericHeard);

        JsonNode queue = supervisor.get("/api/annotations/queue?scenario=" + Calls.SCENARIO + "&limit=500").json();
        assertTrue(queue.size() >= 24, queue.toString());
        assertTrue(queue.toString().contains("repeated") && queue.toString().contains("low_confidence"), queue.toString());

        Calls.DIALECT.forEach((text, intent) -> {
            Api.Response r = supervisor.post("/api/annotations", Map.of("sessionId", firstSessions.get(text),
                    "turnIndex", 1, "intent", intent));
            assertEquals(201, r.status(), r.toString());
            assertEquals(text, r.json().get("text").asText(), "the text comes from the stored turn");
        });
        JsonNode after = supervisor.get("/api/annotations/queue?scenario=" + Calls.SCENARIO + "&limit=500").json();
        after.forEach(item -> assertNotEquals(1, item.get("turn").get("turnIndex").asInt(), "corrected turns leave"));
    }

    @Test
    @Order(2)
    void conflictingAnnotationsAreSurfacedAndOnlyAnAdminAdjudicates() {
        String session = firstSessions.get("侬是啥人");
        assertEquals(201, supervisor2.post("/api/annotations", Map.of("sessionId", session, "turnIndex", 1,
                "intent", "wrong_person")).status());
        JsonNode conflicts = supervisor.get("/api/annotations/conflicts?scenario=" + Calls.SCENARIO).json();
        assertEquals(1, conflicts.size(), conflicts.toString());
        assertEquals(2, conflicts.get(0).get("intents").size());
        Map<String, Object> verdict = Map.of("sessionId", session, "turnIndex", 1, "intent", "ask_identity",
                "adjudicated", true);
        assertEquals(403, supervisor.post("/api/annotations", verdict).status());
        assertEquals(201, admin.post("/api/annotations", verdict).status());
        assertEquals(0, supervisor.get("/api/annotations/conflicts?scenario=" + Calls.SCENARIO).json().size());
        supervisor2.get("/api/annotations/queue?scenario=" + Calls.SCENARIO + "&limit=500").json().forEach(item ->
                assertFalse(item.get("turn").get("sessionId").asText().equals(session) && item.get("turn").get("turnIndex").asInt() == 1,
                        "an adjudicated turn leaves every annotator's queue"));
        assertEquals(200, admin.put("/api/annotations/settings", "{\"annotatorsPerTurn\": 3}", "application/json").status());
        assertEquals(3, supervisor.get("/api/annotations/settings").json().get("annotatorsPerTurn").asInt());
        assertEquals(2, other.get("/api/annotations/settings").json().get("annotatorsPerTurn").asInt(), "per tenant");
        assertEquals(200, admin.put("/api/annotations/settings", "{\"annotatorsPerTurn\": 2}", "application/json").status());

        assertEquals(400, supervisor.post("/api/annotations", Map.of("sessionId", session, "turnIndex", 1,
                "intent", "Not An Intent")).status());
        assertEquals(404, supervisor.post("/api/annotations", Map.of("sessionId", session, "turnIndex", 9,
                "intent", "affirm")).status());
    }

    @Test
    @Order(3)
    void aCandidateIsTrainedEvaluatedAndPromotedWhileCallsRunWithoutAFailedTurn() throws Exception {
        v1 = train();
        JsonNode version = supervisor.get("/api/models/" + v1).json().get("version");
        assertEquals("CANDIDATE", version.get("status").asText());
        JsonNode m = version.get("metrics");
        assertTrue(m.get("heldOutCorrections.accuracy").asDouble() > m.get("baseline.heldOutCorrections.accuracy").asDouble(),
                m.toString());

        String running = Calls.start(operator);
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> load = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            for (int t = 0; t < 3; t++) {
                load.add(pool.submit(() -> {
                    while (!stop.get()) {
                        String s = Calls.start(operator);
                        statuses.add(Calls.say(operator, s, "是我"));
                        statuses.add(Calls.say(operator, s, "身份证照片老是审核不通过"));
                        operator.delete("/api/dialog/sessions/" + s);
                    }
                }));
            }
            Thread.sleep(300);
            assertEquals(200, supervisor.post("/api/models/" + v1 + "/promote", Map.of()).status());
            Thread.sleep(300);
            stop.set(true);
            for (Future<?> f : load) {
                f.get();
            }
        }
        assertTrue(statuses.size() > 6, "calls ran during the promotion");
        assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());

        assertEquals(200, Calls.say(operator, running, "要得"));
        assertEquals(genericHeard.get("要得"), Calls.heard(operator, running, 1), "a live session keeps its model");
        int right = 0;
        for (var e : Calls.DIALECT.entrySet()) {
            String s = Calls.call(operator, e.getKey());
            right += e.getValue().equals(Calls.heard(operator, s, 1)) ? 1 : 0;
        }
        long before = Calls.DIALECT.size() - Calls.DIALECT.entrySet().stream()
                .filter(e -> !e.getValue().equals(genericHeard.get(e.getKey()))).count();
        assertTrue(right >= 21 && right > before, "new sessions hear the dialect with the promoted model: " + right
                + "/24 right, generic " + before + "/24");
    }

    @Test
    @Order(4)
    void aSecondVersionIsPromotedRolledBackAndTheLineageIsVisible() throws Exception {
        v2 = train();
        assertEquals(v1, supervisor.get("/api/models/" + v2).json().get("version").get("parent").asText());
        assertEquals(200, supervisor.post("/api/models/" + v2 + "/promote", Map.of()).status());
        Api.Response back = supervisor.post("/api/models/rollback", Map.of("purpose", Calls.PURPOSE));
        assertEquals(200, back.status(), back.toString());
        assertEquals(v1, back.json().get("id").asText());

        JsonNode detail = supervisor.get("/api/models/" + v2).json();
        assertEquals("RETIRED", detail.get("version").get("status").asText());
        assertEquals(List.of(v2, v1), List.of(detail.get("lineage").get(0).get("id").asText(),
                detail.get("lineage").get(1).get("id").asText()));
        assertEquals(3, detail.get("history").size(), detail.toString());
        JsonNode list = supervisor.get("/api/models?purpose=" + Calls.PURPOSE).json();
        assertEquals(2, list.size());

        JsonNode cmp = supervisor.get("/api/models/compare?a=" + v1 + "&b=" + v2).json();
        assertTrue(cmp.get("intents").size() >= 20, cmp.toString());
        assertTrue(cmp.has("flipped") && cmp.has("confusions"));
    }

    @Test
    @Order(5)
    void aCorruptArtifactCannotGoLiveAndTheLiveModelKeepsServing() throws Exception {
        Path dir = dataDir.resolve("tenants").resolve("alpha").resolve("models").resolve(v2);
        try (Stream<Path> files = Files.list(dir)) {
            Path f = files.filter(x -> !x.toString().endsWith(".properties")).findFirst().orElseThrow();
            Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        }
        Api.Response r = supervisor.post("/api/models/" + v2 + "/promote", Map.of());
        assertEquals(409, r.status(), r.toString());
        assertTrue(r.body().contains("校验失败"), r.body());
        assertEquals("LIVE", supervisor.get("/api/models/" + v1).json().get("version").get("status").asText());
        String s = Calls.call(operator, "得嘞得嘞");
        assertEquals("affirm", Calls.heard(operator, s, 1));
    }

    @Test
    @Order(6)
    void anotherTenantCanNeitherSeeNorLoadNorTrainOnTheseModelsOrData() {
        assertEquals(0, other.get("/api/models").json().size());
        assertEquals(0, other.get("/api/model-jobs").json().size());
        assertEquals(404, other.get("/api/models/" + v1).status());
        assertEquals(404, other.post("/api/models/" + v1 + "/promote", Map.of()).status());
        assertEquals(404, other.get("/api/models/compare?a=" + v1 + "&b=" + v2).status());
        String job = supervisor.get("/api/model-jobs").json().get(0).get("id").asText();
        assertEquals(404, other.get("/api/model-jobs/" + job).status());
        assertEquals(404, other.post("/api/model-jobs/" + job + "/cancel", Map.of()).status());
        assertEquals(404, other.post("/api/annotations", Map.of("sessionId", firstSessions.get("要得"),
                "turnIndex", 1, "intent", "affirm")).status());
        assertEquals(0, other.get("/api/annotations/queue?scenario=" + Calls.SCENARIO).json().size());
        Api.Response train = other.post("/api/models/train", Map.of("purpose", Calls.PURPOSE));
        assertEquals(400, train.status(), "nothing of alpha's to train on: " + train);
        assertEquals(409, other.post("/api/models/rollback", Map.of("purpose", Calls.PURPOSE)).status());
        assertEquals(403, operator.get("/api/models").status());
        assertFalse(Files.exists(dataDir.resolve("tenants").resolve("beta").resolve("models")
                .resolve(v1)));
    }

    @Test
    @Order(7)
    void aJobCanBeCancelledAndAFinishedOneCannot() throws Exception {
        int versions = supervisor.get("/api/models").json().size();
        String job = supervisor.post("/api/models/train", Map.of("purpose", Calls.PURPOSE)).json().get("id").asText();
        Api.Response cancel = supervisor.post("/api/model-jobs/" + job + "/cancel", Map.of());
        assertEquals(200, cancel.status(), cancel.toString());
        JsonNode done = awaitJob(supervisor, job);
        assertEquals("CANCELLED", done.get("status").asText(), done.toString());
        assertEquals(409, supervisor.post("/api/model-jobs/" + job + "/cancel", Map.of()).status());
        assertEquals(versions, supervisor.get("/api/models").json().size(), "a cancelled job registers nothing");
        assertEquals(404, supervisor.get("/api/model-jobs/not-a-job").status());
    }
}
