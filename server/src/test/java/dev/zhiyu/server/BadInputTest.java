package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bad input gets a problem document that names what is wrong, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private final TestStores stores = TestStores.h2();
    private ZhiyuServer server;
    private Api admin;
    private Tenant tenant;

    @BeforeAll
    void start() {
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.http.max.body.bytes", "4096")));
        Platform p = server.platform();
        tenant = p.tenants().create("acme", "测试证券", "test");
        admin = Api.withKey(server.port(), p.keys().create(tenant.id(), "admin", "admin", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        stores.close();
    }

    private int rows() {
        return server.platform().users().list(tenant.id()).size() + server.platform().keys().list(tenant.id()).size();
    }

    private JsonNode rejected(Api.Response r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        JsonNode p = r.json();
        assertEquals(code, p.get("code").asText(), r.body());
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("type").asText().startsWith("https://"), r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack traces: " + r.body());
        return p;
    }

    @Test
    void malformedJsonIsRejectedAndChangesNothing() {
        int before = rows();
        for (String body : List.of("{\"username\":", "not json", "[1,2]", "null", "{\"username\":\"x\"} trailing", "")) {
            Api.Response r = admin.postRaw("/api/users", body, "application/json");
            assertEquals(400, r.status(), body + " → " + r);
            assertEquals("MALFORMED_JSON", r.json().get("code").asText(), body);
        }
        assertEquals(before, rows());
    }

    @Test
    void unknownFieldsAndWrongTypesNameTheField() {
        int before = rows();
        JsonNode unknown = rejected(admin.post("/api/keys", Map.of("name", "k", "role", "admin", "tenant", "other")),
                400, "UNKNOWN_FIELD");
        assertEquals("tenant", unknown.get("errors").get(0).get("field").asText());
        JsonNode wrong = rejected(admin.postRaw("/api/users",
                "{\"username\":\"dave\",\"role\":\"operator\",\"password\":1234567890123}", "application/json"),
                400, "WRONG_TYPE");
        assertEquals("password", wrong.get("errors").get(0).get("field").asText());
        rejected(admin.postRaw("/api/keys", "{\"name\":[\"a\"],\"role\":\"admin\"}", "application/json"), 400, "WRONG_TYPE");
        assertEquals(before, rows());
    }

    @Test
    void validationErrorsNameTheField() {
        int before = rows();
        JsonNode role = rejected(admin.post("/api/keys", Map.of("name", "k", "role", "root")), 400, "VALIDATION_FAILED");
        assertEquals("role", role.get("errors").get(0).get("field").asText());
        JsonNode pw = rejected(admin.post("/api/users", Map.of("username", "eve", "role", "operator", "password", "short")),
                400, "VALIDATION_FAILED");
        assertEquals("password", pw.get("errors").get(0).get("field").asText());
        JsonNode missing = rejected(admin.post("/api/users", Map.of("role", "operator", "password", "long-enough-pw")),
                400, "VALIDATION_FAILED");
        assertEquals("username", missing.get("errors").get(0).get("field").asText());
        rejected(admin.post("/api/keys", Map.of("name", "line\u0000break", "role", "admin")), 400, "VALIDATION_FAILED");
        rejected(admin.post("/api/keys", Map.of("name", "长".repeat(101), "role", "admin")), 400, "VALIDATION_FAILED");
        rejected(admin.get("/api/audit?limit=0"), 400, "VALIDATION_FAILED");
        rejected(admin.get("/api/usage?from=yesterday"), 400, "VALIDATION_FAILED");
        assertEquals(before, rows());
    }

    @Test
    void oversizedAndNonJsonBodiesAreRejected() {
        int before = rows();
        String big = "{\"name\":\"" + "x".repeat(10_000) + "\",\"role\":\"admin\"}";
        rejected(admin.postRaw("/api/keys", big, "application/json"), 413, "BODY_TOO_LARGE");
        rejected(admin.postRaw("/api/keys", "name=k&role=admin", "application/x-www-form-urlencoded"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        rejected(admin.postRaw("/api/keys", "{\"name\":\"k\",\"role\":\"admin\"}", null), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertEquals(before, rows());
    }

    @Test
    void sqlLookingNamesAreStoredVerbatimAndHarmless() {
        String name = "x'); DROP TABLE api_keys; --";
        Api.Response created = admin.post("/api/keys", Map.of("name", name, "role", "researcher"));
        assertEquals(201, created.status(), created.toString());
        assertEquals(name, created.json().get("key").get("name").asText());
        assertTrue(admin.get("/api/keys").body().contains("DROP TABLE"), "the table still answers, with the name as data");
        rejected(admin.post("/api/users", Map.of("username", "a' OR '1'='1", "role", "operator", "password", "long-enough-pw")),
                400, "VALIDATION_FAILED");
        rejected(Api.anonymous(server.port()).post("/api/session",
                Map.of("tenant", "acme' --", "username", "admin' --", "password", "' OR 1=1 --")), 401, "SIGN_IN_FAILED");
    }

    @Test
    void duplicatesConflictAndUnknownRoutesAreProblems() {
        assertEquals(201, admin.post("/api/users", Map.of("username", "frank", "role", "operator", "password", "long-enough-pw")).status());
        JsonNode dup = rejected(admin.post("/api/users", Map.of("username", "frank", "role", "admin", "password", "long-enough-pw")),
                409, "CONFLICT");
        assertEquals("username", dup.get("errors").get(0).get("field").asText());
        rejected(admin.get("/api/nothing-here"), 404, "NOT_FOUND");
        rejected(Api.anonymous(server.port()).get("/api/users"), 401, "UNAUTHENTICATED");
    }
}
