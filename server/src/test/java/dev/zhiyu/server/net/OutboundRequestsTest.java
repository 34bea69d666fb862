package dev.zhiyu.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side request forgery: a listener on 127.0.0.1 stands for an internal service; nothing the API lets a tenant
 * configure — a webhook subscription, a report fetch, a scenario function, a redirect from an allowed host — reaches it.
 */
class OutboundRequestsTest {
    /** Requests the internal listener received; must stay empty. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer internal;
    private HttpServer redirector;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        internal.start();
        port = internal.getAddress().getPort();
        // an allow-listed host (127.0.0.2 stands for it) that redirects to the internal service
        redirector = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        redirector.createContext("/", ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/internal" + ex.getRequestURI().getPath());
            ex.sendResponseHeaders(ex.getRequestURI().getPath().startsWith("/307") ? 307 : 302, -1);
            ex.close();
        });
        redirector.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
        redirector.stop(0);
    }

    @Test
    void internalAddressesAreRefusedUnlessAllowListed() throws Exception {
        OutboundPolicy strict = OutboundPolicy.strict();
        for (String url : List.of("http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://10.1.2.3/", "http://172.16.0.1/",
                "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://224.0.0.1/",
                "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
                "http://100.64.0.1/", "http://[64:ff9b::a00:1]/", "http://[::]/", "http://2130706433/", "http://0x7f.1/",
                "file:///etc/passwd", "gopher://example.com/", "http://user:pw@example.com/")) {
            OutboundPolicy.OutboundRefused e = assertThrows(OutboundPolicy.OutboundRefused.class, () -> strict.check(URI.create(url)), url);
            assertTrue(e.getMessage().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), e.getMessage());
        }
        assertEquals(null, OutboundPolicy.forbidden(InetAddress.getByName("8.8.8.8")));
        assertEquals(null, OutboundPolicy.forbidden(InetAddress.getByName("2001:4860:4860::8888")));
        OutboundPolicy allowed = OutboundPolicy.allowing("localhost, 10.20.0.0/16, 127.0.0.2");
        allowed.check(URI.create("http://localhost:8080/hook"));
        allowed.check(URI.create("http://10.20.3.4/hook"));
        allowed.check(URI.create("http://127.0.0.2/"));
        assertThrows(OutboundPolicy.OutboundRefused.class, () -> allowed.check(URI.create("http://10.21.0.1/")));
        assertThrows(OutboundPolicy.OutboundRefused.class, () -> allowed.check(URI.create("http://127.0.0.1/")));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allowing("10.0.0.0/99"));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allowing("http://x/"));
    }

    @Test
    void redirectsAreFollowedHopByHopAndEachHopIsChecked() throws Exception {
        OutboundHttp http = new OutboundHttp(OutboundPolicy.allowing("127.0.0.2"));
        String start = "http://127.0.0.2:" + redirector.getAddress().getPort();
        for (String path : List.of("/302", "/307")) {
            HttpRequest post = HttpRequest.newBuilder(URI.create(start + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build();
            OutboundPolicy.OutboundRefused e = assertThrows(OutboundPolicy.OutboundRefused.class,
                    () -> http.send(post, HttpResponse.BodyHandlers.ofString()));
            assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains("回环"), e.getMessage());
        }
        assertThrows(OutboundPolicy.OutboundRefused.class, () -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/direct")).build(), HttpResponse.BodyHandlers.discarding()));
        assertEquals(List.of(), received, "the internal service was never reached");
        // with the internal host allowed too, the same redirect is followed (POST → GET on 302, POST kept on 307)
        OutboundHttp both = new OutboundHttp(OutboundPolicy.allowing("127.0.0.2,127.0.0.1"));
        for (String path : List.of("/302", "/307")) {
            HttpResponse<String> r = both.send(HttpRequest.newBuilder(URI.create(start + path))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
        assertEquals(List.of("GET /internal/302", "POST /internal/307"), received);
    }

    @Test
    void noTenantConfigurationReachesAnInternalAddress() throws Exception {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config(Map.of(
                "zhiyu.dialog.intent.model", "builtin:generic-maxent",
                "zhiyu.reports.fetch.hosts", "127.0.0.1,127.0.0.2",
                "zhiyu.http.outbound.allow", "127.0.0.2")))) {
            Platform p = server.platform();
            Tenant t = p.tenants().create("ssrf", "探测证券", "test");
            Api admin = Api.withKey(server.port(), p.keys().create(t.id(), "a", "admin", "test").secret());
            Api researcher = Api.withKey(server.port(), p.keys().create(t.id(), "r", "researcher", "test").secret());
            Api operator = Api.withKey(server.port(), p.keys().create(t.id(), "o", "operator", "test").secret());
            Api supervisor = Api.withKey(server.port(), p.keys().create(t.id(), "s", "supervisor", "test").secret());
            String hook = "http://127.0.0.1:" + port + "/hook";

            // webhooks: admin-only, and the target must be public (or allow-listed)
            assertEquals(403, operator.post("/api/report-subscriptions", webhook(hook)).status());
            assertEquals(403, researcher.post("/api/report-subscriptions", webhook(hook)).status());
            for (String target : List.of(hook, "http://localhost:" + port + "/hook", "http://[::1]:" + port + "/hook",
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/hook")) {
                Api.Response r = admin.post("/api/report-subscriptions", webhook(target));
                assertEquals(400, r.status(), target + " → " + r);
                JsonNode problem = r.json();
                assertEquals("URL_NOT_ALLOWED", problem.get("code").asText(), r.body());
                assertEquals("target", problem.get("errors").get(0).get("field").asText(), r.body());
                assertTrue(problem.get("detail").asText().contains("不允许访问"), r.body());
            }
            assertEquals("[]", admin.get("/api/report-subscriptions").body(), "nothing was stored");
            assertEquals(201, admin.post("/api/report-subscriptions", webhook("http://127.0.0.2:"
                    + redirector.getAddress().getPort() + "/302")).status(), "an allow-listed host is accepted");

            // deliveries and fetches go through the same client: the redirect to the internal service is not followed
            OutboundHttp http = server.services().reports().outbound();
            assertThrows(OutboundPolicy.OutboundRefused.class, () -> http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.2:" + redirector.getAddress().getPort() + "/302")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.discarding()));
            Api.Response fetch = researcher.post("/api/report-fetches", Map.of("urls", List.of("http://127.0.0.1:" + port + "/r.pdf")));
            assertEquals(400, fetch.status(), fetch.toString());
            assertEquals("URL_NOT_ALLOWED", fetch.json().get("code").asText());
            Api.Response redirected = researcher.post("/api/report-fetches", Map.of("urls", List.of("http://127.0.0.2:"
                    + redirector.getAddress().getPort() + "/r.pdf")));
            assertEquals(400, redirected.status(), redirected.toString());

            // a scenario function pointing inside falls back to its fallback prompt without calling it
            String scenario = SCENARIO.replace("{url}", "http://127.0.0.1:" + port + "/fn?name={customer_name}");
            Api.Response up = supervisor.put("/api/dialog/scenarios", scenario, "application/yaml");
            assertEquals(201, up.status(), up.toString());
            Api.Response session = operator.post("/api/dialog/sessions", Map.of("scenario", "ssrf-probe",
                    "variables", Map.of("customer_name", "王先生")));
            assertEquals(201, session.status(), session.toString());
            assertEquals("您好，客户经理稍后联系您", session.json().get("text").asText());

            Thread.sleep(200); // anything in flight would have arrived by now
            assertEquals(List.of(), received, "the internal service was never reached");
        }
    }

    private static Map<String, Object> webhook(String target) {
        return Map.of("scope", "watchlist", "scopeName", "银行", "codes", List.of("600016"), "channel", "webhook",
                "target", target, "secret", "0123456789abcdef");
    }

    private static final String SCENARIO = """
            id: ssrf-probe
            name: 探测场景
            slots:
              - name: problem
                type: problem
            steps:
              "1": 注册
            problems:
              - id: p1
                step: "1"
                label: 收不到验证码
                examples: [收不到验证码]
                answer: 请稍后重试。
            prompts:
              hello: ["您好，您的客户经理是{fn_manager}"]
              sorry: ["您好，客户经理稍后联系您"]
              confirm_problem: ["是{problem_label}吗？"]
              wrong_person_bye: [再见]
              robot_answer: [我是AI]
              identity_answer: [我是AI]
              number_source_answer: [登记的号码]
              fraud_answer: [请拨打官方电话]
              purpose_answer: [回访]
              transfer: [转人工]
              opt_out_bye: [抱歉]
              abuse_reply: [抱歉]
              not_interested_bye: [再见]
              goodbye: [再见]
              later_bye: [再见]
            variables:
              - name: customer_name
                required: true
            stages:
              - id: start
                prompt: hello
                slot: problem
                on:
                  affirm: {end: goodbye, outcome: A}
            functions:
              - id: manager
                url: "{url}"
                timeout_ms: 300
                retries: 1
                result: manager
                fallback: sorry
            """;
}
