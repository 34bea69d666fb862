package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Per-tenant anomaly thresholds, the URL allow-list, and the drop folder. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportSettingsTest {
    private static final Path PDFS = Path.of("../../shared/data/reports/pdfs");
    private final TestStores stores = TestStores.h2();
    private ZhiyuServer server;
    private Tenant alpha;
    private Api researcher;
    private Api operator;
    private Api other;

    @BeforeAll
    void start() {
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.reports.inbox.scan.seconds", "1",
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        Platform p = server.platform();
        alpha = p.tenants().create("alpha", "甲研究所", "test");
        Tenant beta = p.tenants().create("beta", "乙研究所", "test");
        researcher = Api.withKey(server.port(), p.keys().create(alpha.id(), "r", "researcher", "test").secret());
        operator = Api.withKey(server.port(), p.keys().create(alpha.id(), "o", "operator", "test").secret());
        other = Api.withKey(server.port(), p.keys().create(beta.id(), "r", "researcher", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        stores.close();
    }

    @Test
    void thresholdsArePerTenantAndValidated() {
        assertEquals(30, researcher.get("/api/report-thresholds").json().get("defaultPercent").asInt());
        Api.Response set = researcher.put("/api/report-thresholds/REVENUE", "{\"threshold\": 20}", "application/json");
        assertEquals(200, set.status(), set.toString());
        assertEquals(20, set.json().get("overrides").get("REVENUE").asInt());
        assertEquals(new BigDecimal("20.0000"), server.services().reports().thresholds(alpha).perIndicator().get(Indicator.REVENUE));
        assertFalse(other.get("/api/report-thresholds").json().get("overrides").has("REVENUE"), "beta keeps the defaults");
        assertEquals(403, operator.put("/api/report-thresholds/REVENUE", "{\"threshold\": 5}", "application/json").status());
        assertEquals(404, researcher.put("/api/report-thresholds/NOPE", "{\"threshold\": 5}", "application/json").status());
        assertEquals(400, researcher.put("/api/report-thresholds/REVENUE", "{\"threshold\": -1}", "application/json").status());
        assertEquals(400, researcher.put("/api/report-thresholds/REVENUE", "{\"threshold\": \"high\"}", "application/json").status());
    }

    @Test
    void publishingIsAutomaticByDefaultAndCanBeReviewAllPerTenant() {
        assertEquals("AUTO", researcher.get("/api/report-publishing").json().get("mode").asText());
        Api.Response set = researcher.put("/api/report-publishing", "{\"mode\": \"REVIEW\"}", "application/json");
        assertEquals(200, set.status(), set.toString());
        assertEquals(dev.zhiyu.server.reports.ReportService.Publishing.REVIEW, server.services().reports().publishing(alpha));
        assertEquals("AUTO", other.get("/api/report-publishing").json().get("mode").asText(), "beta keeps automatic publishing");
        assertEquals(403, operator.put("/api/report-publishing", "{\"mode\": \"AUTO\"}", "application/json").status());
        Api.Response bad = researcher.put("/api/report-publishing", "{\"mode\": \"SOMETIMES\"}", "application/json");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().contains("REVIEW"), bad.body());
        assertEquals(200, researcher.put("/api/report-publishing", "{\"mode\": \"AUTO\"}", "application/json").status());
    }

    @Test
    void reportsAreFetchedOnlyFromTheDisclosureSites() {
        for (String url : List.of("http://127.0.0.1:5432/x.pdf", "file:///etc/passwd", "https://169.254.169.254/latest",
                "https://static.cninfo.com.cn.evil.example/a.pdf")) {
            Api.Response r = researcher.post("/api/report-fetches", Map.of("urls", List.of(url)));
            assertEquals(400, r.status(), url + " → " + r);
            assertEquals("URL_NOT_ALLOWED", r.json().get("code").asText());
        }
        assertEquals(403, operator.post("/api/report-fetches", Map.of("urls", List.of("https://static.cninfo.com.cn/a.pdf"))).status());
    }

    @Test
    void aPdfDroppedInTheTenantsInboxIsProcessedAndMovedAside() throws IOException, InterruptedException {
        assertTrue(Files.isDirectory(PDFS), "需要共享测试数据 " + PDFS.toAbsolutePath());
        Path pdf;
        try (var s = Files.list(PDFS)) {
            pdf = s.filter(f -> f.getFileName().toString().startsWith("民生银行")).findFirst().orElseThrow();
        }
        Path inbox = server.services().reports().inbox(alpha);
        Files.createDirectories(inbox);
        Files.copy(pdf, inbox.resolve("bank-q1.pdf"));
        Files.writeString(inbox.resolve("notes.txt"), "不是 PDF，留在原地");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(inbox.resolve("processed").resolve("bank-q1.pdf"))) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(inbox.resolve("processed").resolve("bank-q1.pdf")), "moved aside after submission");
        assertTrue(Files.exists(inbox.resolve("notes.txt")));
        assertTrue(researcher.get("/api/reports").body().contains("bank-q1.pdf"), researcher.get("/api/reports").body());
        assertFalse(other.get("/api/reports").body().contains("bank-q1.pdf"), "another tenant's inbox is its own");
    }
}
