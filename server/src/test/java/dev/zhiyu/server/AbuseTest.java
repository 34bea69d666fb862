package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Password guessing is throttled, and one tenant's flood of requests does not block another tenant. */
class AbuseTest {

    @Test
    void repeatedWrongPasswordsLockTheNameForAWhile() {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config())) {
            Tenant t = server.platform().tenants().create("locked", "锁定测试", "test");
            server.platform().users().create(t.id(), "gina", null, "operator", "the-right-password");
            server.platform().users().create(t.id(), "hank", null, "operator", "the-right-password");
            Api anon = Api.anonymous(server.port());
            for (int i = 0; i < 5; i++) {
                assertEquals(401, anon.post("/api/session", signIn("gina", "wrong-password-" + i)).status());
            }
            Api.Response locked = anon.post("/api/session", signIn("gina", "the-right-password"));
            assertEquals(429, locked.status(), locked.toString());
            assertEquals("SIGN_IN_THROTTLED", locked.json().get("code").asText());
            assertTrue(locked.raw().headers().firstValue("Retry-After").isPresent());
            assertEquals(201, anon.post("/api/session", signIn("hank", "the-right-password")).status(),
                    "another user of the same tenant is not locked out");
        }
    }

    private static Map<String, String> signIn(String user, String password) {
        return Map.of("tenant", "locked", "username", user, "password", password);
    }

    @Test
    void aTenantAtItsConcurrencyLimitGets429WhileOthersAreServed() throws Exception {
        try (TestStores s = TestStores.h2();
             ZhiyuServer server = ZhiyuServer.start(s.config(Map.of("zhiyu.tenant.max.concurrent.requests", "1")))) {
            Platform p = server.platform();
            Tenant busy = p.tenants().create("busy", "繁忙", "test");
            Tenant calm = p.tenants().create("calm", "空闲", "test");
            String busyKey = p.keys().create(busy.id(), "k", "admin", "test").secret();
            Api calmApi = Api.withKey(server.port(), p.keys().create(calm.id(), "k", "admin", "test").secret());

            PipedOutputStream slowBody = new PipedOutputStream();
            PipedInputStream source = new PipedInputStream(slowBody);
            HttpRequest hanging = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/keys"))
                    .header("Authorization", "Bearer " + busyKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> source)).build();
            CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient()
                    .sendAsync(hanging, HttpResponse.BodyHandlers.ofString());
            slowBody.write("{\"name\":\"slow\",".getBytes());
            slowBody.flush();

            Api busyApi = Api.withKey(server.port(), busyKey);
            Api.Response rejected = waitFor429(busyApi);
            assertEquals("TENANT_BUSY", rejected.json().get("code").asText());
            assertEquals(200, calmApi.get("/api/tenant").status(), "the other tenant is served meanwhile");

            slowBody.write("\"role\":\"operator\"}".getBytes());
            slowBody.close();
            assertEquals(201, inFlight.get().statusCode());
            assertEquals(200, busyApi.get("/api/tenant").status(), "the permit is released afterwards");
        }
    }

    private static Api.Response waitFor429(Api api) throws InterruptedException {
        Api.Response last = null;
        for (int i = 0; i < 100; i++) {
            last = api.get("/api/tenant");
            if (last.status() == 429) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the busy tenant was never limited: " + last);
    }

}
