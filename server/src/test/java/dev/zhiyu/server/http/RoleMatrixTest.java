package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Role;
import dev.zhiyu.server.platform.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every registered route (the list the OpenAPI test uses) × every role, plus no credential: the answer agrees with
 * the role matrix — 401 without a credential, 403 FORBIDDEN for a role the matrix leaves out, anything but that for a
 * role it admits — and no combination is a 500. The README documents the same matrix.
 */
class RoleMatrixTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> PARAMS = Map.ofEntries(Map.entry("id", "999999"), Map.entry("ref", "no-such-company"),
            Map.entry("n", "1"), Map.entry("uuid", "00000000-0000-0000-0000-000000000000"), Map.entry("phone", "13800000000"),
            Map.entry("decision", "confirm"), Map.entry("number", "13800000000"), Map.entry("date", "2030-01-01"),
            Map.entry("indicator", "REVENUE"), Map.entry("tag", "no-such-tag"), Map.entry("version", "v999"));

    @Test
    void everyRouteAnswersEveryRoleAsTheMatrixSays() throws Exception {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config(Map.of(
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")))) {
            Platform p = server.platform();
            Tenant t = p.tenants().create("matrix", "矩阵证券", "test");
            Map<Role, String> keys = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                keys.put(r, p.keys().create(t.id(), "k-" + r.id(), r.id(), "test").secret());
            }
            List<String> registered = server.api().routes();
            assertEquals(new TreeSet<>(RoleMatrix.routes().keySet()), new TreeSet<>(registered),
                    "the matrix lists exactly the registered routes");
            List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) { // routes are independent: walk them side by side
                List<java.util.concurrent.Future<?>> walks = new ArrayList<>();
                for (String route : registered) {
                    walks.add(pool.submit(() -> {
                        walk(server.port(), route, keys, wrong);
                        calls.addAndGet(1 + Role.values().length);
                        return null;
                    }));
                }
                for (var w : walks) {
                    w.get();
                }
            }
            assertTrue(wrong.isEmpty(), wrong.size() + " of " + calls.get() + " answers disagree with the matrix:\n" + String.join("\n", wrong));
        }
    }

    /** The route without a credential, then with each role's key. */
    private static void walk(int port, String route, Map<Role, String> keys, List<String> wrong) throws Exception {
        Access access = RoleMatrix.access(route.substring(0, route.indexOf(' ')), route.substring(route.indexOf(' ') + 1));
        HttpResponse<String> anon = call(port, route, null);
        check(wrong, route, "anonymous", anon, access == Access.PUBLIC ? null : 401, access == Access.PUBLIC);
        if (access == Access.PUBLIC) {
            return;
        }
        for (Role role : Role.values()) {
            HttpResponse<String> r = call(port, route, keys.get(role));
            check(wrong, route, role.id(), r, access.admits(role) ? null : 403, access.admits(role));
        }
    }

    /** {@code expected} null: admitted, so anything but UNAUTHENTICATED or FORBIDDEN (and never 5xx). */
    private static void check(List<String> wrong, String route, String who, HttpResponse<String> r, Integer expected, boolean admitted) {
        String code = problemCode(r);
        if (r.statusCode() >= 500) {
            wrong.add(route + " as " + who + " → " + r.statusCode() + " " + r.body());
        } else if (expected != null && r.statusCode() != expected) {
            wrong.add(route + " as " + who + " → " + r.statusCode() + " (expected " + expected + ") " + r.body());
        } else if (expected != null && expected == 403 && !"FORBIDDEN".equals(code)) {
            wrong.add(route + " as " + who + " → 403 with code " + code);
        } else if (admitted && ("UNAUTHENTICATED".equals(code) || "FORBIDDEN".equals(code))) {
            wrong.add(route + " as " + who + " → " + r.statusCode() + " although the matrix admits it: " + r.body());
        }
    }

    private static String problemCode(HttpResponse<String> r) {
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(r.body());
            return n.path("code").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static HttpResponse<String> call(int port, String route, String key) throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(route.substring(route.indexOf(' ') + 1));
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, PARAMS.getOrDefault(m.group(1), "x"));
        }
        m.appendTail(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (method.equals("POST") || method.equals("PUT")) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theReadmeDocumentsTheMatrix() throws Exception {
        Path readme = Path.of("../README.md");
        assertTrue(Files.exists(readme), "README.md beside the server module");
        String text = Files.readString(readme);
        int from = text.indexOf("<!-- role-matrix -->");
        int to = text.indexOf("<!-- /role-matrix -->");
        assertTrue(from >= 0 && to > from, "README needs the role matrix between <!-- role-matrix --> markers");
        Map<String, String> documented = new TreeMap<>();
        Pattern group = Pattern.compile("`(" + String.join("|", java.util.Arrays.stream(Access.values()).map(Enum::name).toList()) + ")`");
        Pattern routeRef = Pattern.compile("`((?:GET|POST|PUT|DELETE) /[^`]*)`");
        for (String line : text.substring(from, to).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 3) {
                continue;
            }
            Matcher g = group.matcher(cells[1]);
            if (!g.find()) {
                continue;
            }
            Matcher r = routeRef.matcher(line);
            while (r.find()) {
                documented.put(r.group(1), g.group(1));
            }
        }
        Map<String, String> actual = new TreeMap<>();
        RoleMatrix.routes().forEach((route, access) -> actual.put(route, access.name()));
        assertEquals(actual, documented);
    }
}
