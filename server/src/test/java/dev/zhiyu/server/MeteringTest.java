package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

/** Every API call is metered per key, visible to the tenant's admin, and kept across restarts. */
class MeteringTest {

    @Test
    void callsAndErrorsAreCountedPerKeyAndSurviveARestart() {
        try (TestStores s = TestStores.h2()) {
            String adminKey;
            String botKey;
            try (ZhiyuServer server = ZhiyuServer.start(s.config())) {
                Tenant t = server.platform().tenants().create("meter", "计量", "test");
                adminKey = server.platform().keys().create(t.id(), "管理", "admin", "test").secret();
                botKey = server.platform().keys().create(t.id(), "外呼机器人", "operator", "test").secret();
                Api bot = Api.withKey(server.port(), botKey);
                for (int i = 0; i < 7; i++) {
                    assertEquals(200, bot.get("/api/tenant").status());
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(403, bot.get("/api/keys").status());
                }
                JsonNode bots = consumer(Api.withKey(server.port(), adminKey).get("/api/usage").json(), "外呼机器人");
                assertEquals(10, bots.get("requests").asLong());
                assertEquals(3, bots.get("errors").asLong());
                assertEquals(0.7, bots.get("successRate").asDouble(), 1e-9);
                assertTrue(bots.get("p50Ms").asDouble() > 0 && bots.get("p99Ms").asDouble() >= bots.get("p50Ms").asDouble());
                Api.withKey(server.port(), botKey).get("/api/tenant");
            }
            try (ZhiyuServer server = ZhiyuServer.start(s.config())) {
                JsonNode usage = Api.withKey(server.port(), adminKey).get("/api/usage").json();
                assertEquals(11, consumer(usage, "外呼机器人").get("requests").asLong(), "the call before shutdown was flushed");
                String prometheus = Api.anonymous(server.port()).get("/metrics").body();
                assertTrue(prometheus.contains("zhiyu_http_requests_seconds"), "request timer exported");
                assertTrue(prometheus.contains("jvm_memory_used_bytes"), "JVM metrics exported");
            }
        }
    }

    private static JsonNode consumer(JsonNode usage, String name) {
        for (JsonNode c : usage.get("consumers")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no usage for " + name + " in " + usage);
    }

}
