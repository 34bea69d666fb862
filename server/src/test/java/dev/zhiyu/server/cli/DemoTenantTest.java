package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The first start makes the demo admin's password and key and hands them out once; later starts keep them working
 * and hand out nothing (a key is not printed at every start). A revoked demo key is replaced, and shown, once.
 */
class DemoTenantTest {

    @Test
    void theFirstStartMakesTheSecretsAndLaterStartsNeitherResetNorShowThem() {
        try (TestStores s = TestStores.h2()) {
            DemoTenant.Access first = start(s, access -> assertEquals(200, access.api().get("/api/users").status()));
            assertNotNull(first.password());
            assertTrue(first.apiKey().startsWith("zy_"));
            DemoTenant.Access second = start(s, access -> {
                assertEquals(200, Api.withKey(access.port(), first.apiKey()).get("/api/tenant").status(),
                        "the first start's key still works");
                assertEquals(201, Api.anonymous(access.port()).post("/api/session", Map.of("tenant", "demo",
                        "username", DemoTenant.ADMIN, "password", first.password())).status(), "and so does the password");
                Api firstKey = Api.withKey(access.port(), first.apiKey()); // then an admin revokes the demo key
                for (var k : firstKey.get("/api/keys").json()) {
                    assertEquals(200, firstKey.delete("/api/keys/" + k.get("id").asText()).status());
                }
            });
            assertNull(second.password(), "no new password on a later start");
            assertNull(second.apiKey(), "no new key on a later start");
            DemoTenant.Access third = start(s, access -> assertEquals(200, access.api().get("/api/tenant").status()));
            assertNull(third.password());
            assertTrue(third.apiKey().startsWith("zy_"), "a revoked demo key is replaced, and shown once");
        }
    }

    @Test
    void theFirstStartGivesTheDemoTenantAGraphWithListedCompaniesAndLaterStartsAddNothing() throws Exception {
        try (TestStores s = TestStores.h2()) {
            int[] sizes = new int[2];
            for (int i = 0; i < 2; i++) {
                AtomicReference<DemoTenant.Access> demo = new AtomicReference<>();
                try (ZhiyuServer server = ZhiyuServer.start(s.config(), p -> demo.set(DemoTenant.ensure(p)))) {
                    DemoTenant.seedGraph(server.services().graphs(), demo.get().tenant()).join();
                    sizes[i] = server.services().graphs().forTenant("demo").size();
                    if (i == 0) {
                        Api admin = Api.withKey(server.port(), demo.get().apiKey());
                        String url = "/api/console/companies?q=%E8%82%A1%E4%BB%BD&limit=50";
                        var found = admin.get(url).json();
                        for (int t = 0; found.path("partial").asBoolean() && t < 40; t++) { // a first search waits ≤ 1.5 s
                            found = admin.get(url).json();
                        }
                        var hits = found.get("hits");
                        boolean listed = false;
                        for (var h : hits) {
                            listed |= h.path("listingCode").asText("").matches("\\d{6}");
                        }
                        assertTrue(listed, "a listed company with its stock code: " + hits);
                    }
                }
            }
            assertTrue(sizes[0] > 200, "companies and persons: " + sizes[0]);
            assertEquals(sizes[0], sizes[1], "a later start leaves the graph as it is");
        }
    }

    record Started(DemoTenant.Access demo, int port) {
        Api api() {
            return Api.withKey(port, demo.apiKey());
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
