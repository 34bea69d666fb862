package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a restart does to the lifecycle: a training it cut off runs again, the live model serves again. */
class RestartTest {
    private static Api supervisor(ZhiyuServer server) {
        Platform p = server.platform();
        Tenant t = p.tenants().get("alpha");
        return Api.withKey(server.port(), p.keys().create(t.id(), "li", "supervisor", "test").secret());
    }

    private static JsonNode awaitJob(Api api, String id, String... until) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode j = api.get("/api/model-jobs/" + id).json();
            if (java.util.List.of(until).contains(j.get("status").asText())) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never reached " + String.join("/", until));
    }

    @Test
    void aTrainingCutOffByARestartRunsAgainAndThePromotedModelServesAfterIt() throws Exception {
        try (TestStores stores = TestStores.h2()) {
            ServerConfig config = stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent"));
            String job;
            try (ZhiyuServer first = ZhiyuServer.start(config)) {
                Tenant t = first.platform().tenants().create("alpha", "甲证券", "test");
                DialogService dialogs = first.services().dialogs();
                Calls.DIALECT.forEach((text, intent) -> {
                    String s = dialogs.start(t, Calls.SCENARIO, "text", Map.of("customer_name", "王先生", "stop_step", "4"))
                            .sessionId();
                    dialogs.hear(t, s, UserInput.text(text));
                    first.services().models().annotate(t, s, 1, intent, Map.of(), "li", false);
                });
                Api api = supervisor(first);
                // a training takes seconds: long enough to be cut off by the close right after it starts
                job = api.post("/api/models/train", Map.of("purpose", Calls.PURPOSE,
                        "hyperParameters", ModelLifecycleContract.FAST)).json().get("id").asText();
                awaitJob(api, job, "RUNNING");
            }
            String model;
            try (ZhiyuServer second = ZhiyuServer.start(config)) {
                Api api = supervisor(second);
                JsonNode done = awaitJob(api, job, "SUCCEEDED", "FAILED", "CANCELLED");
                assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
                assertEquals(2, done.get("attempts").asInt());
                assertTrue(done.get("log").toString().contains("重新排队"), done.toString());
                model = done.get("modelId").asText();
                assertEquals(200, api.post("/api/models/" + model + "/promote", Map.of()).status());
            }
            try (ZhiyuServer third = ZhiyuServer.start(config)) {
                Tenant t = third.platform().tenants().get("alpha");
                DialogService dialogs = third.services().dialogs();
                String s = dialogs.start(t, Calls.SCENARIO, "text", Map.of("customer_name", "王先生", "stop_step", "4"))
                        .sessionId();
                dialogs.hear(t, s, UserInput.text("得嘞得嘞"));
                Api api = supervisor(third);
                assertEquals("affirm", Calls.heard(Api.withKey(third.port(), third.platform().keys()
                        .create(t.id(), "bot", "operator", "test").secret()), s, 1), "the live model after a restart");
                assertEquals("LIVE", api.get("/api/models/" + model).json().get("version").get("status").asText());
            }
        }
    }
}
