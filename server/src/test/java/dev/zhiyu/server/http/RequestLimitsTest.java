package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile bodies and parameters on the real server (PostgreSQL, where a NUL cannot be stored): deep nesting, broken
 * JSON and NUL characters are 400 problems with Chinese messages on every route that takes a body, never a 500 or an
 * exception's own text; a chunked body is cut off at its route's limit with 413 while it is still being sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsTest {
    /** Small, so an oversized multipart upload is cheap to send; every other body here stays under it. */
    private static final long UPLOAD_LIMIT = 2L << 20;
    private final TestStores stores = TestStores.postgres();
    private ZhiyuServer server;
    private Api admin;
    private Api operator;
    private String adminKey;

    @BeforeAll
    void start() {
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent",
                "zhiyu.http.max.upload.bytes", Long.toString(UPLOAD_LIMIT))));
        Platform p = server.platform();
        Tenant t = p.tenants().create("limits", "限制证券", "test");
        adminKey = p.keys().create(t.id(), "a", "admin", "test").secret();
        admin = Api.withKey(server.port(), adminKey);
        operator = Api.withKey(server.port(), p.keys().create(t.id(), "o", "operator", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        stores.close();
    }

    private static JsonNode problem(Api.Response r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.toString());
        JsonNode p = r.json();
        assertEquals(code, p.get("code").asText(), r.body());
        plainChinese(r);
        return p;
    }

    /** A message for people: Chinese, and none of the exception's own words. */
    private static void plainChinese(Api.Response r) {
        String detail = r.json().path("detail").asText();
        assertTrue(detail.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), r.body());
        for (String leak : List.of("Exception", "exception", "null", "com.fasterxml", "StreamReadConstraints", "\tat ")) {
            assertFalse(r.body().contains(leak), "no raw exception text (" + leak + "): " + r.body());
        }
    }

    @Test
    void deepNestingIsA400NotA500() throws Exception {
        String arrays = "[".repeat(100_000) + "]".repeat(100_000);
        String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        JsonNode p = problem(admin.postRaw("/api/kg/import", arrays, "application/json"), 400, "JSON_LIMIT_EXCEEDED");
        assertTrue(p.get("detail").asText().contains("200"), p.toString());
        problem(admin.postRaw("/api/kg/import", objects, "application/json"), 400, "JSON_LIMIT_EXCEEDED");
        // typed bodies stop at the first wrong token; still a 400 in Chinese
        for (String body : List.of(arrays, objects, "{\"query\":" + arrays + "}")) {
            for (Api api : List.of(admin, Api.anonymous(server.port()))) {
                for (String path : List.of("/api/keys", "/api/session", "/api/kg/sparql")) {
                    Api.Response r = api.postRaw(path, body, "application/json");
                    if (r.status() != 401) {
                        assertEquals(400, r.status(), path + " " + r);
                        plainChinese(r);
                    }
                }
            }
        }
        // 150 levels are within the limit: the answer is about the content, not the parser
        Api.Response ok = admin.postRaw("/api/kg/import", "[".repeat(150) + "]".repeat(150), "application/json");
        assertEquals(200, ok.status(), ok.toString());
        // the asynchronous import takes the file first and fails its job with the same kind of message
        Api.Response job = admin.postRaw("/api/kg/imports?format=tables", objects, "application/json");
        assertEquals(202, job.status(), job.toString());
        String id = job.json().get("id").asText();
        JsonNode state = null;
        for (int i = 0; i < 100; i++) {
            state = admin.get("/api/kg/imports/" + id).json();
            if (state.get("status").asText().equals("失败")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("失败", state.get("status").asText(), state.toString());
        assertTrue(state.get("error").asText().contains("嵌套"), state.toString());
        assertFalse(state.get("error").asText().contains("null") || state.get("error").asText().contains("Exception"), state.toString());
    }

    @Test
    void everyRouteThatTakesABodyAnswersHostileJsonWithA4xxProblem() {
        List<String> wrong = new ArrayList<>();
        String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000); // past Jackson's default 1,000 too
        List<String> bodies = List.of(deep, "{\"name\":", "{\"a\":\"\\u0000\"}", "{\"x\":1e999999999}", "null");
        for (String route : server.api().routes()) {
            String method = route.substring(0, route.indexOf(' '));
            if (!method.equals("POST") && !method.equals("PUT") || route.equals("POST /api/kg/imports")) {
                continue; // the asynchronous import reads the file later (see deepNestingIsA400NotA500)
            }
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "1");
            for (String body : bodies) {
                Api.Response r = method.equals("POST") ? admin.postRaw(path, body, "application/json")
                        : admin.put(path, body, "application/json");
                String shown = route + " ← " + body.substring(0, Math.min(30, body.length())) + " → ";
                if (r.status() >= 500) {
                    wrong.add(shown + r);
                } else if (body == deep && r.status() < 400 || body.equals("{\"name\":") && r.status() < 400 || body.equals("[1,") && r.status() < 400) {
                    wrong.add(shown + "broken JSON accepted: " + r);
                } else if (r.status() >= 400 && !r.contentType().startsWith("application/problem+json")) {
                    wrong.add(shown + "not a problem document: " + r);
                } else if (r.status() >= 400 && (r.body().contains("Exception") || r.body().contains("com.fasterxml"))) {
                    wrong.add(shown + "raw exception text: " + r.body());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void nulCharactersAre400sOnPostgres() {
        JsonNode holiday = problem(operator.post("/api/calls/holidays", Map.of("dates", List.of("2030-01-01"), "name", "节\u0000日")),
                400, "VALIDATION_FAILED");
        assertEquals("name", holiday.get("errors").get(0).get("field").asText(), holiday.toString());
        JsonNode variable = problem(operator.post("/api/dialog/sessions", Map.of("scenario", "account-opening-callback",
                "variables", Map.of("customer_name", "赵\u0000女士"))), 400, "VALIDATION_FAILED");
        assertEquals("variables.customer_name", variable.get("errors").get(0).get("field").asText(), variable.toString());
        problem(operator.post("/api/dialog/sessions", Map.of("scenario", "account-opening-callback",
                "variables", Map.of("bad\u0000key", "x"))), 400, "VALIDATION_FAILED");
        JsonNode listName = problem(operator.postRaw("/api/calls/lists?name=%E5%90%8D%00%E5%8D%95", "phone\n13800138000\n", "text/csv"),
                400, "VALIDATION_FAILED");
        assertEquals("name", listName.get("errors").get(0).get("field").asText(), listName.toString());
        assertFalse(operator.get("/api/calls/lists").body().contains("名"), "no list was created");
        problem(operator.get("/api/calls/dnc?kind=a%00"), 400, "VALIDATION_FAILED");
    }

    @Test
    void aChunkedBodyIsCutOffAtItsRoutesLimitWhileStillBeingSent() throws Exception {
        long limit = 1 << 20; // zhiyu.http.max.body.bytes by default
        long sent = chunkedUntilAnswered("PUT /api/dialog/scenarios", "application/yaml", 50L << 20);
        assertTrue(sent < 20L << 20, "the 413 came after " + sent + " bytes of 50 MB (limit " + limit + ")");
        long dnc = chunkedUntilAnswered("POST /api/calls/dnc", "text/csv", 50L << 20);
        assertTrue(dnc < 20L << 20, "the 413 came after " + dnc + " bytes of 50 MB");
        long industries = chunkedUntilAnswered("PUT /api/report-industries", "text/csv", 50L << 20);
        assertTrue(industries < 20L << 20, "the 413 came after " + industries + " bytes of 50 MB");
    }

    @Test
    void anOversizedMultipartUploadIs413() throws Exception {
        String boundary = "zhiyu-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nphone\n" + "13800138000\n".repeat((int) (UPLOAD_LIMIT / 12) + 1000)
                + "\r\n--" + boundary + "--\r\n";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/calls/lists?name=big HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + adminKey
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            try {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByServer) {
                // the answer may come before the body is all written
            }
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
        }
    }

    /** Streams up to {@code total} bytes in chunks; returns how much had been written when the 413 status arrived. */
    private long chunkedUntilAnswered(String request, String type, long total) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            String[] line = request.split(" ");
            out.write((line[0] + " " + line[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + adminKey
                    + "\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = ("13800138000,x\n".repeat(4681)).getBytes(StandardCharsets.US_ASCII); // ~64 KB
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (written.get() < total) {
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        written.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected: the server stops reading once the limit is passed
                }
            });
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            long atAnswer = written.get();
            assertEquals("HTTP/1.1 413 Payload Too Large", status.replace("Content Too Large", "Payload Too Large"),
                    request + " answered " + status);
            StringBuilder rest = new StringBuilder();
            for (String l = in.readLine(); l != null && rest.length() < 10_000; l = in.readLine()) {
                rest.append(l).append('\n');
                if (l.contains("BODY_TOO_LARGE")) {
                    break;
                }
            }
            assertTrue(rest.toString().contains("BODY_TOO_LARGE"), rest.toString());
            s.close();
            writer.get(30, TimeUnit.SECONDS);
            return atAnswer;
        }
    }
}
