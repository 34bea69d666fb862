package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report routes on a Javalin app configured like ApiServer (same JSON mapper and Guard), since ApiServer does
 * not register them yet: upload, status polling, detail, news, a reviewer's edit blocked by the number checker,
 * approval, the Atom feed, and another tenant's key seeing 404.
 */
class ReportRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String url, String key, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void uploadPollReviewApproveAndFeed() throws Exception {
        Path pdf;
        try (var s = Files.list(Path.of("../../shared/data/reports/pdfs"))) {
            pdf = s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 ../../shared/data/reports/pdfs"));
        }
        try (TestStores stores = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(stores.config(Map.of(
                "zhiyu.reports.review", "true", "zhiyu.dialog.intent.model", "builtin:generic-maxent",
                "zhiyu.http.outbound.allow", "127.0.0.1")))) { // the webhook receiver below is on loopback
            Platform p = server.platform();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            String keyA = p.keys().create(a.id(), "研究", "researcher", "test").secret();
            String keyB = p.keys().create(b.id(), "研究", "researcher", "test").secret();
            String adminA = p.keys().create(a.id(), "管理", "admin", "test").secret();
            var hookServer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            var hook = new java.util.concurrent.CompletableFuture<String[]>();
            hookServer.createContext("/hook", ex -> {
                hook.complete(new String[]{ex.getRequestHeaders().getFirst(dev.zhiyu.reports.delivery.WebhookSigner.HEADER),
                        new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            hookServer.start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                String sub = "{\"scope\":\"watchlist\",\"scopeName\":\"银行\",\"codes\":[\"600016\",\"601398\"],\"channel\":\"webhook\","
                        + "\"target\":\"http://127.0.0.1:" + hookServer.getAddress().getPort() + "/hook\",\"secret\":\"0123456789abcdef\"}";
                assertEquals(403, call("POST", base + "/api/report-subscriptions", keyA, HttpRequest.BodyPublishers.ofString(sub)).statusCode(),
                        "webhook subscriptions are admin-only");
                assertEquals(201, call("POST", base + "/api/report-subscriptions", adminA, HttpRequest.BodyPublishers.ofString(sub)).statusCode());
                var csv = call("PUT", base + "/api/report-industries", keyA, HttpRequest.BodyPublishers.ofString("code,industry\n600016,银行\n"));
                assertEquals(200, csv.statusCode(), csv.body());
                var badCsv = call("PUT", base + "/api/report-industries", keyA, HttpRequest.BodyPublishers.ofString("600016,银行\nabc,银行\n"));
                assertEquals(400, badCsv.statusCode());
                assertTrue(badCsv.body().contains("第 2 行"), badCsv.body());
                assertEquals("{\"银行\":[\"600016\"]}", call("GET", base + "/api/report-industries", keyA, HttpRequest.BodyPublishers.noBody()).body());
                assertEquals("{}", call("GET", base + "/api/report-industries", keyB, HttpRequest.BodyPublishers.noBody()).body(), "映射按租户隔离");
                assertEquals(400, call("POST", base + "/api/report-subscriptions", keyA, HttpRequest.BodyPublishers.ofString(
                        "{\"scope\":\"industry\",\"channel\":\"atom\",\"target\":\"银行\"}")).statusCode(), "行业订阅要行业名称");
                assertEquals(201, call("POST", base + "/api/report-subscriptions", keyA, HttpRequest.BodyPublishers.ofString(
                        "{\"scope\":\"industry\",\"scopeName\":\"银行\",\"channel\":\"atom\",\"target\":\"银行\"}")).statusCode());
                assertEquals(400, call("POST", base + "/api/report-subscriptions", adminA,
                        HttpRequest.BodyPublishers.ofString(sub.replace("0123456789abcdef", "short"))).statusCode(), "太短的密钥被拒");
                var up = call("POST", base + "/api/reports?name=bank.pdf", keyA, HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(pdf)));
                assertEquals(202, up.statusCode(), up.body());
                long id = Json.MAPPER.readTree(up.body()).get("id").asLong();
                String status = "";
                for (int i = 0; i < 120 && !status.equals("DONE") && !status.equals("FAILED"); i++) {
                    Thread.sleep(500);
                    status = Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id, keyA, HttpRequest.BodyPublishers.noBody()).body())
                            .get("document").get("status").asText();
                }
                assertEquals("DONE", status);
                assertEquals(404, call("GET", base + "/api/reports/" + id, keyB, HttpRequest.BodyPublishers.noBody()).statusCode(), "其他租户看不到");
                var sections = Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id + "/sections", keyA,
                        HttpRequest.BodyPublishers.noBody()).body());
                assertTrue(sections.isArray() && sections.size() > 0, sections.toString());
                for (var node : sections)
                    for (var child : node.get("children"))
                        assertEquals(node.get("index").asInt(), sections.get(child.asInt()).get("parent").asInt(), "子节点指回父节点");
                var paragraphs = Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id + "/paragraphs?offset=1&limit=2", keyA,
                        HttpRequest.BodyPublishers.noBody()).body());
                assertEquals(2, paragraphs.size(), paragraphs.toString());
                assertTrue(paragraphs.get(0).get("text").asText().length() > 0);
                assertEquals(400, call("GET", base + "/api/reports/" + id + "/paragraphs?limit=0", keyA,
                        HttpRequest.BodyPublishers.noBody()).statusCode(), "limit 越界");
                assertEquals(404, call("GET", base + "/api/reports/" + id + "/sections", keyB, HttpRequest.BodyPublishers.noBody()).statusCode());

                var news = Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id + "/news", keyA, HttpRequest.BodyPublishers.noBody()).body());
                assertEquals("HELD_FOR_REVIEW", news.get("status").asText());
                String headline = news.get("headline").asText();
                String tampered = "{\"headline\":" + Json.MAPPER.writeValueAsString(headline.replace("367.73亿元", "400.00亿元"))
                        + ",\"body\":" + Json.MAPPER.writeValueAsString(news.get("body").asText()) + "}";
                var edit = call("PUT", base + "/api/reports/" + id + "/news", keyA, HttpRequest.BodyPublishers.ofString(tampered));
                assertEquals("BLOCKED", Json.MAPPER.readTree(edit.body()).get("status").asText(), headline + "\n" + edit.body());
                assertEquals(409, call("POST", base + "/api/reports/" + id + "/news/approve", keyA, HttpRequest.BodyPublishers.noBody()).statusCode());
                String fixed = "{\"headline\":" + Json.MAPPER.writeValueAsString(headline) + ",\"body\":"
                        + Json.MAPPER.writeValueAsString(news.get("body").asText()) + "}";
                assertEquals("HELD_FOR_REVIEW", Json.MAPPER.readTree(call("PUT", base + "/api/reports/" + id + "/news", keyA,
                        HttpRequest.BodyPublishers.ofString(fixed)).body()).get("status").asText());
                String reject = base + "/api/reports/" + id + "/news/reject";
                var noReason = call("POST", reject, keyA, HttpRequest.BodyPublishers.ofString("{\"reason\":\"  \"}"));
                assertEquals(400, noReason.statusCode(), noReason.body());
                assertTrue(noReason.body().contains("reason") && noReason.body().contains("驳回原因"), noReason.body());
                assertEquals("HELD_FOR_REVIEW", Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id + "/news", keyA,
                        HttpRequest.BodyPublishers.noBody()).body()).get("status").asText(), "a refused reject changes nothing");
                assertEquals(404, call("POST", reject, keyB, HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")).statusCode(),
                        "another tenant's news");
                var rejected = call("POST", reject, keyA, HttpRequest.BodyPublishers.ofString("{\"reason\":\"标题措辞不当\"}"));
                assertEquals(200, rejected.statusCode(), rejected.body());
                var stored = Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id + "/news", keyA, HttpRequest.BodyPublishers.noBody()).body());
                assertEquals("BLOCKED", stored.get("status").asText());
                assertEquals("审核驳回：标题措辞不当", stored.get("problems").get(0).asText());
                assertEquals(409, call("POST", base + "/api/reports/" + id + "/news/approve", keyA, HttpRequest.BodyPublishers.noBody()).statusCode(),
                        "a rejected item is not approved without an edit");
                assertEquals("HELD_FOR_REVIEW", Json.MAPPER.readTree(call("PUT", base + "/api/reports/" + id + "/news", keyA,
                        HttpRequest.BodyPublishers.ofString(fixed)).body()).get("status").asText());
                var approved = call("POST", base + "/api/reports/" + id + "/news/approve", keyA, HttpRequest.BodyPublishers.noBody());
                assertEquals(200, approved.statusCode(), approved.body());
                assertEquals(409, call("POST", reject, keyA, HttpRequest.BodyPublishers.ofString("{\"reason\":\"晚了\"}")).statusCode(),
                        "published news is final");
                String[] delivered = hook.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(dev.zhiyu.reports.delivery.WebhookSigner.verify("0123456789abcdef", delivered[0], delivered[1],
                        java.time.Instant.now().getEpochSecond(), 300), "批准后按订阅签名投递");
                assertTrue(delivered[1].contains("600016"), delivered[1]);
                var feed = call("GET", base + "/api/report-feed", keyA, HttpRequest.BodyPublishers.noBody());
                assertTrue(feed.body().contains("<entry>") && feed.body().contains("民生银行"), feed.body());
                var bad = call("POST", base + "/api/reports?name=x.pdf", keyA, HttpRequest.BodyPublishers.ofString("not a pdf"));
                assertEquals(400, bad.statusCode(), "不是 PDF 的上传在门口就被拒绝，不登记也不排队：" + bad.body());
                assertTrue(bad.body().contains("不是 PDF"), bad.body());
            } finally {
                hookServer.stop(0);
            }
        }
    }
}
