package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A server in review mode with tenant {@code alpha}, its researcher signed in to the console, and one sample report
 * from {@code ../shared/data/reports/pdfs} uploaded through the API and processed.
 */
final class ReviewFixture implements AutoCloseable {
    static final String PASSWORD = "Console-test-2026";

    final TestStores.H2 stores = (TestStores.H2) TestStores.h2();
    final ZhiyuServer server;
    final Platform platform;
    final Tenant tenant;
    final Api api;
    final long reportId;
    Browser browser;

    private ReviewFixture(String pdfPrefix) throws Exception {
        Path pdf = samplePdf(pdfPrefix);
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.reports.review", "true",
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        platform = server.platform();
        tenant = platform.tenants().create("alpha", "甲证券", "test");
        platform.users().create(tenant.id(), "researcher", "研究员（测试）", "researcher", PASSWORD);
        String key = platform.keys().create(tenant.id(), "up", "researcher", "test").secret();
        api = Api.withKey(server.port(), key);
        reportId = upload(pdf, key);
    }

    /** Starts the server, uploads the report, opens the browser and signs the researcher in. */
    static ReviewFixture start(String pdfPrefix) throws Exception {
        ReviewFixture f = new ReviewFixture(pdfPrefix);
        f.browser = Browser.open(f.server.port());
        f.browser.home();
        f.browser.signIn("alpha", "researcher", PASSWORD, "研究员（测试）");
        f.awaitProcessed();
        return f;
    }

    /** Another researcher's API key of the same tenant. */
    Api researcher(String name) {
        return Api.withKey(server.port(), platform.keys().create(tenant.id(), name, "researcher", "test").secret());
    }

    private static Path samplePdf(String prefix) throws Exception {
        try (var s = Files.list(Path.of("../../shared/data/reports/pdfs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 ../../shared/data/reports/pdfs/" + prefix + "*"));
        }
    }

    private long upload(Path pdf, String key) throws Exception {
        HttpResponse<String> up = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/reports?name=sample.pdf"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofFile(pdf)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, up.statusCode(), up.body());
        return new ObjectMapper().readTree(up.body()).get("id").asLong();
    }

    private void awaitProcessed() throws InterruptedException {
        for (int i = 0; i < 160 && !"DONE".equals(status()); i++) {
            Thread.sleep(250);
        }
        assertEquals("DONE", status(), "the sample report was processed");
    }

    private String status() {
        return api.get("/api/reports/" + reportId).json().get("document").get("status").asText();
    }

    @Override
    public void close() {
        if (browser != null) browser.close();
        server.close();
        stores.close();
    }
}
