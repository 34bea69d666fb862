package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two tenants on one server: each sees only its own rows through every endpoint, whatever id it guesses.
 * Run against H2 and against a real PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantIsolationContract {
    private TestStores stores;
    private ZhiyuServer server;
    private Api a;
    private Api b;
    private Tenant tenantA;
    private Tenant tenantB;
    private long userOfB;
    private long keyOfB;
    private long auditOfB;

    abstract TestStores stores();

    @BeforeAll
    void startTwoTenants() {
        stores = stores();
        server = ZhiyuServer.start(stores.config());
        Platform p = server.platform();
        tenantA = p.tenants().create("alpha", "甲证券", "test");
        tenantB = p.tenants().create("beta", "乙期货", "test");
        a = Api.withKey(server.port(), p.keys().create(tenantA.id(), "a-admin", "admin", "test").secret());
        b = Api.withKey(server.port(), p.keys().create(tenantB.id(), "b-admin", "admin", "test").secret());
        assertEquals(201, a.post("/api/users", user("alice", "operator")).status());
        JsonNode bob = b.post("/api/users", user("bob", "supervisor")).json();
        userOfB = bob.get("id").asLong();
        keyOfB = b.post("/api/keys", Map.of("name", "乙的外呼密钥", "role", "operator")).json().get("key").get("id").asLong();
        auditOfB = b.get("/api/audit").json().get(0).get("id").asLong();
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

    static Map<String, String> user(String name, String role) {
        return Map.of("username", name, "role", role, "password", "correct-horse-battery");
    }

    @Test
    void eachTenantSeesOnlyItsOwnRowsThroughEveryListEndpoint() {
        assertEquals("alpha", a.get("/api/tenant").json().get("slug").asText());
        assertEquals("beta", b.get("/api/tenant").json().get("slug").asText());
        assertEquals("alpha", a.get("/api/session").json().get("tenant").asText());

        assertEquals(Set.of("alice"), field(a.get("/api/users").json(), "username"));
        assertTrue(field(b.get("/api/users").json(), "username").contains("bob"));
        assertFalse(field(b.get("/api/users").json(), "username").contains("alice"));

        assertEquals(Set.of("a-admin"), field(a.get("/api/keys").json(), "name"));
        assertEquals(Set.of("b-admin", "乙的外呼密钥"), field(b.get("/api/keys").json(), "name"));

        Set<String> auditOfA = field(a.get("/api/audit").json(), "detail");
        assertTrue(auditOfA.stream().anyMatch(d -> d.contains("alice")), auditOfA::toString);
        assertTrue(auditOfA.stream().noneMatch(d -> d.contains("bob") || d.contains("乙")), auditOfA::toString);

        a.get("/api/tenant");
        Set<String> consumersOfA = field(a.get("/api/usage").json().get("consumers"), "name");
        assertEquals(Set.of("a-admin"), consumersOfA);
    }

    @Test
    void guessedIdsOfTheOtherTenantAreNotFound() {
        for (String path : List.of("/api/users/" + userOfB, "/api/keys/" + keyOfB)) {
            Api.Response r = a.get(path);
            assertEquals(404, r.status(), path + " → " + r);
            assertEquals("NOT_FOUND", r.json().get("code").asText());
            assertFalse(r.body().contains("bob") || r.body().contains("乙"), r.body());
        }
        assertEquals(404, a.delete("/api/keys/" + keyOfB).status());
        assertEquals(null, server.platform().keys().get(tenantB.id(), keyOfB).revokedAt(), "B's key must survive A's attempt");
        for (long id = 1; id <= auditOfB + 5; id++) {
            Api.Response r = a.get("/api/audit/" + id);
            assertTrue(r.status() == 404 || r.status() == 200, r.toString());
            assertFalse(r.body().contains("bob") || r.body().contains("乙"), "A read B's audit row " + id + ": " + r.body());
        }
        for (String junk : List.of("abc", "-1", "0", "1%20OR%201=1", "99999999999999999999")) {
            assertEquals(404, a.get("/api/users/" + junk).status(), junk);
        }
    }

    @Test
    void revokedKeyIsUnauthorizedAtOnce() {
        Platform p = server.platform();
        var issued = p.keys().create(tenantA.id(), "short-lived", "operator", "test");
        Api shortLived = Api.withKey(server.port(), issued.secret());
        assertEquals(200, shortLived.get("/api/tenant").status());
        assertEquals(200, a.delete("/api/keys/" + issued.key().id()).status());
        Api.Response r = shortLived.get("/api/tenant");
        assertEquals(401, r.status());
        assertEquals("UNAUTHENTICATED", r.json().get("code").asText());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(401, Api.withKey(server.port(), issued.secret() + "x").get("/api/tenant").status());
        assertEquals(401, Api.withKey(server.port(), "zy_nosuchkey_secret").get("/api/tenant").status());
    }

    @Test
    void disabledTenantIsForbiddenAndKeepsItsData() {
        Platform p = server.platform();
        Tenant gamma = p.tenants().create("gamma", "丙基金", "test");
        Api g = Api.withKey(server.port(), p.keys().create(gamma.id(), "g-admin", "admin", "test").secret());
        assertEquals(201, g.post("/api/users", user("carol", "researcher")).status());

        p.tenants().setStatus("gamma", TenantStatus.DISABLED, "test");
        Api.Response r = g.get("/api/users");
        assertEquals(403, r.status());
        assertEquals("TENANT_DISABLED", r.json().get("code").asText());
        assertEquals(403, Api.anonymous(server.port()).post("/api/session",
                Map.of("tenant", "gamma", "username", "carol", "password", "correct-horse-battery")).status());
        assertEquals(200, a.get("/api/users").status(), "other tenants are unaffected");

        p.tenants().setStatus("gamma", TenantStatus.ACTIVE, "test");
        assertEquals(Set.of("carol"), field(g.get("/api/users").json(), "username"));
    }

    @Test
    void rolesLimitWhatAKeyMayDo() {
        Platform p = server.platform();
        Api operator = Api.withKey(server.port(), p.keys().create(tenantA.id(), "op", "operator", "test").secret());
        assertEquals(200, operator.get("/api/tenant").status());
        for (String path : List.of("/api/users", "/api/keys", "/api/audit", "/api/usage")) {
            Api.Response r = operator.get(path);
            assertEquals(403, r.status(), path);
            assertEquals("FORBIDDEN", r.json().get("code").asText());
        }
        assertEquals(403, operator.post("/api/keys", Map.of("name", "escalate", "role", "admin")).status());
    }

    @Test
    void consoleSessionIsBoundToItsTenantAndNeedsTheConsoleHeaderToChangeThings() {
        Api anon = Api.anonymous(server.port());
        assertEquals(401, anon.post("/api/session",
                Map.of("tenant", "alpha", "username", "bob", "password", "correct-horse-battery")).status(),
                "bob belongs to beta, not alpha");
        Api.Response login = anon.post("/api/session",
                Map.of("tenant", "beta", "username", "bob", "password", "correct-horse-battery"));
        assertEquals(201, login.status(), login.toString());
        String cookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        Api bob = anon.withHeaders(Map.of("Cookie", cookie.substring(0, cookie.indexOf(';'))));
        assertEquals("beta", bob.get("/api/tenant").json().get("slug").asText());
        assertEquals(403, bob.get("/api/users").status(), "bob is a supervisor, not an admin");
        Api.Response noHeader = bob.delete("/api/session");
        assertEquals("CSRF_CHECK_FAILED", noHeader.json().get("code").asText());
        Api console = bob.withHeaders(Map.of("X-Requested-With", "zhiyu"));
        assertEquals(204, console.delete("/api/session").status());
        assertEquals(401, bob.get("/api/tenant").status(), "signed out");
    }

    static Set<String> field(JsonNode array, String name) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.get(name).asText()));
        return out;
    }
}
