package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.cli.ZhiyuCommand;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A promotion made by `zhiyu models promote` (another process on the tenant's database: H2 with AUTO_SERVER, or
 * PostgreSQL) reaches a running server hot: new sessions use the promoted model within a few polls, a session already
 * running keeps the model it started with.
 */
class HotCliPromotionTest {
    private static final long BOUND_MILLIS = ModelService.LIVE_POLL.toMillis() * 5;

    @Test
    void onH2() throws Exception {
        try (TestStores stores = TestStores.h2()) {
            aCommandLinePromotionServesNewSessionsOfARunningServer(stores, ((TestStores.H2) stores).dir(), Map.of());
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (TestStores stores = TestStores.postgres(); TestStores files = TestStores.h2()) {
            TestStores.Postgres pg = (TestStores.Postgres) stores;
            aCommandLinePromotionServesNewSessionsOfARunningServer(stores, ((TestStores.H2) files).dir(),
                    Map.of("zhiyu.platform.db.url", pg.serverUrl() + pg.platformDb(), "zhiyu.platform.db.user", "postgres"));
        }
    }

    private void aCommandLinePromotionServesNewSessionsOfARunningServer(TestStores stores, Path dir,
                                                                        Map<String, String> database) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(database);
        settings.put("zhiyu.data.dir", dir.toString());
        settings.put("zhiyu.dialog.intent.model", "builtin:generic-maxent");
        try (ZhiyuServer server = ZhiyuServer.start(stores.config(settings))) {
            Platform p = server.platform();
            Tenant t = p.tenants().create("alpha", "甲证券", "test");
            Api operator = Api.withKey(server.port(), p.keys().create(t.id(), "bot", "operator", "test").secret());
            Api supervisor = Api.withKey(server.port(), p.keys().create(t.id(), "li", "supervisor", "test").secret());
            Map<String, String> generic = annotatedCalls(operator, supervisor);
            String v1 = train(supervisor);
            ModelLifecycle models = server.services().models().of(t);
            Map.Entry<String, String> changed = heardDifferently(models.load(models.version(v1)), generic);

            String running = Calls.start(operator);
            long promoted = System.nanoTime();
            assertEquals(0, ZhiyuCommand.run("--config", properties(dir, settings).toString(),
                    "models", "promote", "--tenant", "alpha", v1));
            long tookMillis = untilNewSessionsHear(operator, changed.getKey(), changed.getValue(), promoted);
            System.out.println("HotCliPromotionTest: new sessions used the CLI-promoted model after " + tookMillis + " ms");
            assertTrue(tookMillis <= BOUND_MILLIS, "new sessions used the promoted model after " + tookMillis + " ms");
            assertEquals(200, Calls.say(operator, running, changed.getKey()));
            assertEquals(generic.get(changed.getKey()), Calls.heard(operator, running, 1),
                    "a running session keeps its model");
        }
    }

    /** A reply the trained model hears differently from the generic one, with what the trained one hears. */
    private static Map.Entry<String, String> heardDifferently(IntentClassifier trained, Map<String, String> generic) {
        for (var e : generic.entrySet()) {
            String now = trained.classify(e.getKey(), 1).get(0).intent();
            if (!now.equals(e.getValue())) {
                return Map.entry(e.getKey(), now);
            }
        }
        throw new AssertionError("the trained model hears every reply as the generic one does: " + generic);
    }

    /** The command line's configuration file: the server's own settings. */
    private static Path properties(Path dir, Map<String, String> settings) throws java.io.IOException {
        StringBuilder props = new StringBuilder("zhiyu.demo=false\n");
        settings.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        return Files.writeString(dir.resolve("zhiyu.properties"), props);
    }

    /** Corrected dialect calls; returns what the generic model heard in each. */
    private static Map<String, String> annotatedCalls(Api operator, Api supervisor) {
        Map<String, String> heard = new LinkedHashMap<>();
        Calls.DIALECT.forEach((text, intent) -> {
            String s = Calls.call(operator, text);
            heard.put(text, Calls.heard(operator, s, 1));
            assertEquals(201, supervisor.post("/api/annotations", Map.of("sessionId", s, "turnIndex", 1,
                    "intent", intent)).status());
        });
        return heard;
    }

    private static String train(Api supervisor) throws InterruptedException {
        Api.Response r = supervisor.post("/api/models/train", Map.of("purpose", Calls.PURPOSE,
                "hyperParameters", Map.of("folds", "2", "iterations", "40")));
        assertEquals(202, r.status(), r.toString());
        String job = r.json().get("id").asText();
        for (int i = 0; i < 1200; i++) {
            JsonNode j = supervisor.get("/api/model-jobs/" + job).json();
            if (j.get("status").asText().equals("SUCCEEDED")) {
                return j.get("modelId").asText();
            }
            assertTrue(Map.of("QUEUED", 1, "RUNNING", 1).containsKey(j.get("status").asText()), j.toString());
            Thread.sleep(100);
        }
        throw new AssertionError("training did not finish");
    }

    /** Starts new sessions until one hears {@code text} as {@code expected}; returns the milliseconds it took. */
    private static long untilNewSessionsHear(Api operator, String text, String expected, long since)
            throws InterruptedException {
        long deadline = since + BOUND_MILLIS * 3_000_000L;
        while (System.nanoTime() < deadline) {
            String s = Calls.start(operator);
            assertEquals(200, Calls.say(operator, s, text));
            if (expected.equals(Calls.heard(operator, s, 1))) {
                return (System.nanoTime() - since) / 1_000_000;
            }
            operator.delete("/api/dialog/sessions/" + s);
            Thread.sleep(100);
        }
        throw new AssertionError("new sessions never used the promoted model");
    }
}
