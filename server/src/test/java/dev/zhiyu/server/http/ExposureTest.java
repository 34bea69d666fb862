package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every response tells the browser: the console's content security policy, no framing, no sniffing, no referrer;
 * API answers — the one carrying a new key above all — are never stored; behind TLS the session cookie is Secure.
 */
class ExposureTest {

    @Test
    void everyResponseCarriesTheSecurityHeadersAndApiAnswersAreNotStored() {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config(Map.of("zhiyu.http.secure.cookies", "true")))) {
            Platform p = server.platform();
            Tenant t = p.tenants().create("heads", "头部证券", "test");
            Api admin = Api.withKey(server.port(), p.keys().create(t.id(), "a", "admin", "test").secret());
            p.users().create(t.id(), "amy", null, "admin", "long-enough-pw");
            Api anon = Api.anonymous(server.port());

            Api.Response newKey = admin.post("/api/keys", Map.of("name", "对接", "role", "operator"));
            assertEquals(201, newKey.status(), newKey.toString());
            assertTrue(newKey.body().contains("\"secret\""), "the answer carries the secret");
            List<Api.Response> api = List.of(newKey, admin.get("/api/tenant"), admin.get("/api/keys"), admin.get("/api/nothing-here"),
                    anon.get("/api/users"), admin.postRaw("/api/keys", "{", "application/json"));
            for (Api.Response r : api) {
                headers(r);
                assertEquals("no-store", r.raw().headers().firstValue("Cache-Control").orElse(""), r.raw().uri() + " " + r.status());
            }
            for (String path : List.of("/", "/js/app.js", "/app.css", "/webjars/echarts/5.5.0/echarts.min.js", "/health", "/openapi.json",
                    "/no-such-file")) {
                headers(anon.get(path));
            }
            String csp = anon.get("/").raw().headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"), csp);
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), csp);

            Api.Response signIn = anon.post("/api/session", Map.of("tenant", "heads", "username", "amy", "password", "long-enough-pw"));
            assertEquals(201, signIn.status(), signIn.toString());
            String cookie = signIn.raw().headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
                    "zhiyu.http.secure.cookies=true: " + cookie);
        }
    }

    private static void headers(Api.Response r) {
        var h = r.raw().headers();
        String where = r.raw().request().method() + " " + r.raw().uri().getPath() + " → " + r.status();
        assertEquals(SecurityHeaders.CSP, h.firstValue("Content-Security-Policy").orElse(""), where);
        assertEquals("DENY", h.firstValue("X-Frame-Options").orElse(""), where);
        assertEquals("nosniff", h.firstValue("X-Content-Type-Options").orElse(""), where);
        assertEquals("no-referrer", h.firstValue("Referrer-Policy").orElse(""), where);
    }
}
