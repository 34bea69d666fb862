package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password guessing is slowed (never a lock-out of the owner), and one tenant's flood of requests does not block another tenant. */
class AbuseTest {

    @Test
    void repeatedWrongPasswordsSlowTheGuessingAddressButNeverLockTheOwnerOut() throws Exception {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config())) {
            Tenant t = server.platform().tenants().create("locked", "锁定测试", "test");
            server.platform().users().create(t.id(), "gina", null, "supervisor", "the-right-password");
            server.platform().users().create(t.id(), "hank", null, "operator", "the-right-password");
            Api attacker = Api.anonymous(server.port()); // from 127.0.0.1
            for (int i = 0; i < 4; i++) {
                assertEquals(401, attacker.post("/api/session", signIn("gina", "wrong-password-" + i)).status());
            }
            Api.Response slowed = attacker.post("/api/session", signIn("gina", "the-right-password"));
            assertEquals(429, slowed.status(), slowed.toString());
            assertEquals("SIGN_IN_THROTTLED", slowed.json().get("code").asText());
            assertTrue(slowed.json().get("detail").asText().contains("秒后再试"), slowed.body());
            assertEquals("1", slowed.raw().headers().firstValue("Retry-After").orElse(""), "the first delay is a second");
            assertEquals(201, attacker.post("/api/session", signIn("hank", "the-right-password")).status(),
                    "another user at the same address is not slowed");
            assertEquals(201, fromAddress("127.0.0.2", server.port(), signIn("gina", "the-right-password")),
                    "the victim signs in from her own address at once");
            Thread.sleep(1_100);
            assertEquals(201, attacker.post("/api/session", signIn("gina", "the-right-password")).status(),
                    "a delay, not a lock: after it the right password works even from the guessing address");

            // one address guessing across many names is slowed as well; the victim elsewhere is not
            for (int i = 0; i < 21; i++) {
                int status = fromAddress("127.0.0.3", server.port(), signIn("guess" + i, "wrong-password"));
                assertEquals(401, status, "attempt " + i);
            }
            assertEquals(429, fromAddress("127.0.0.3", server.port(), signIn("hank", "the-right-password")));
            assertEquals(201, fromAddress("127.0.0.2", server.port(), signIn("hank", "the-right-password")));
        }
    }

    /** Signs in from another local address (Linux answers on all of 127.0.0.0/8), as a person elsewhere would. */
    private static int fromAddress(String local, int port, Map<String, String> body) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .localAddress(java.net.InetAddress.getByName(local)).build();
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/session"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
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

            try (Socket slow = new Socket("127.0.0.1", server.port())) {
                OutputStream out = slow.getOutputStream();
                out.write(("POST /api/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + busyKey
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                chunk(out, "{\"name\":\"slow\",");
                Api busyApi = Api.withKey(server.port(), busyKey);
                Api.Response rejected = waitFor429(busyApi);
                assertEquals("TENANT_BUSY", rejected.json().get("code").asText());
                assertEquals(200, calmApi.get("/api/tenant").status(), "the other tenant is served meanwhile");

                chunk(out, "\"role\":\"operator\"}");
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertEquals("HTTP/1.1 201 Created", status);
            }
            Api busyApi = Api.withKey(server.port(), busyKey);
            assertEquals(200, busyApi.get("/api/tenant").status(), "the permit is released afterwards");
        }
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static Api.Response waitFor429(Api api) throws InterruptedException {
        Api.Response last = null;
        // up to 10 s: on a loaded machine the slow request may take seconds to reach the point where it holds the permit
        for (int i = 0; i < 500; i++) {
            last = api.get("/api/tenant");
            if (last.status() == 429) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the busy tenant was never limited: " + last);
    }

}
