package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Each start prints a usable demo key and password; the previous start's key stops working. */
class DemoTenantTest {

    @Test
    void everyStartIssuesAFreshWorkingKeyAndPassword() {
        try (TestStores s = TestStores.h2()) {
            DemoTenant.Access first = start(s, access -> assertEquals(200,
                    access.api().get("/api/users").status()));
            DemoTenant.Access second = start(s, access -> {
                assertEquals(401, Api.withKey(access.port(), first.apiKey()).get("/api/tenant").status(),
                        "the previous demo key is revoked");
                assertEquals("demo", access.api().get("/api/tenant").json().get("slug").asText());
                assertEquals(201, Api.anonymous(access.port()).post("/api/session", Map.of("tenant", "demo",
                        "username", DemoTenant.ADMIN, "password", access.demo().password())).status());
            });
            assertNotEquals(first.password(), second.password());
            assertTrue(second.apiKey().startsWith("zy_"));
        }
    }

    record Started(DemoTenant.Access demo, int port) {
        Api api() {
            return Api.withKey(port, demo.apiKey());
        }

        String apiKey() {
            return demo.apiKey();
        }
    }

    private static DemoTenant.Access start(TestStores s, java.util.function.Consumer<Started> check) {
        AtomicReference<DemoTenant.Access> demo = new AtomicReference<>();
        try (ZhiyuServer server = ZhiyuServer.start(s.config(), p -> demo.set(DemoTenant.ensure(p)))) {
            check.accept(new Started(demo.get(), server.port()));
        }
        return demo.get();
    }
}
