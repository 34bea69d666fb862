package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 10 in headless Chromium: a researcher opens the review page of an uploaded sample report, sees the original
 * PDF page beside the values, and switches the page from an indicator's page number with the keyboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReportPageJourneyTest {
    private static final String PASSWORD = "Console-test-2026";
    private final TestStores.H2 stores = (TestStores.H2) TestStores.h2();
    private ZhiyuServer server;
    private Browser b;

    @AfterAll
    void stop() {
        if (b != null) b.close();
        if (server != null) server.close();
        stores.close();
    }

    @RegisterExtension
    final TestWatcher dumpOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (b != null) b.dump(context.getRequiredTestMethod().getName());
        }
    };

    @Test
    void theReviewPageShowsTheSourcePageAndFollowsAnIndicatorsPageNumber() throws Exception {
        Path pdf;
        try (var s = Files.list(Path.of("../../shared/data/reports/pdfs"))) {
            pdf = s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 ../../shared/data/reports/pdfs"));
        }
        server = ZhiyuServer.start(stores.config(Map.of("zhiyu.reports.review", "true",
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")));
        Platform p = server.platform();
        Tenant t = p.tenants().create("alpha", "甲证券", "test");
        p.users().create(t.id(), "researcher", "研究员（测试）", "researcher", PASSWORD);
        String key = p.keys().create(t.id(), "up", "researcher", "test").secret();
        Api api = Api.withKey(server.port(), key);
        var up = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/reports?name=bank.pdf"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/pdf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(pdf)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, up.statusCode(), up.body());
        long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(up.body()).get("id").asLong();
        b = Browser.open(server.port());
        b.home();
        WebElement tenant = b.find("input[name=tenant]");
        tenant.clear();
        tenant.sendKeys("alpha", Keys.TAB, "researcher", Keys.TAB, PASSWORD, Keys.ENTER);
        b.waitFor(d -> String.valueOf(d.findElement(By.id("who")).getDomProperty("textContent")).contains("研究员（测试）"));
        for (int i = 0; i < 120 && !"DONE".equals(api.get("/api/reports/" + id).json().get("document").get("status").asText()); i++) {
            Thread.sleep(250);
        }

        b.go("news/" + id);
        WebElement image = b.find("#page-image");
        b.waitFor(d -> loaded(image) ? true : null);
        String first = image.getDomAttribute("src");
        String firstAlt = image.getDomAttribute("alt");
        assertTrue(firstAlt.contains("民生银行") && firstAlt.contains("原文第"), firstAlt);
        assertTrue(b.text("#page-status").startsWith("第 "), b.text("#page-status"));

        WebElement other = b.all("#indicators button[data-goto-page]").stream()
                .filter(e -> !first.endsWith("/pages/" + e.getDomAttribute("data-goto-page"))).findFirst()
                .or(() -> b.all("#page-next").stream().filter(WebElement::isEnabled).findFirst())
                .orElseThrow(() -> new AssertionError("no other page to choose"));
        String wanted = other.getDomAttribute("data-goto-page");
        other.sendKeys(Keys.ENTER); // keyboard activation of a page number
        b.waitFor(d -> !first.equals(image.getDomAttribute("src")) && loaded(image) ? true : null);
        if (wanted != null) {
            assertTrue(image.getDomAttribute("src").endsWith("/pages/" + wanted), image.getDomAttribute("src"));
            assertEquals("true", other.getDomAttribute("aria-current"));
            assertTrue(image.getDomAttribute("alt").contains("原文第 " + wanted + " 页"), image.getDomAttribute("alt"));
        }
        assertNotEquals(firstAlt, image.getDomAttribute("alt"));
        b.shoot("60-news-review-source-page");

        try (var kept = Files.list(stores.dir().resolve("tenants/alpha/reports/originals"))) {
            Files.delete(kept.findFirst().orElseThrow()); // as for a report processed before originals were kept
        }
        String second = image.getDomAttribute("src");
        java.util.Set<String> seen = java.util.Set.of(first.replaceAll(".*/", ""), second.replaceAll(".*/", ""));
        b.go("news");
        b.waitFor(d -> b.text("main h1").equals("快讯"));
        b.go("news/" + id);
        for (int i = 0; i < 5 && seen.contains(b.text("#page-status").replaceAll("第 (\\d+) .*", "$1")); i++) {
            b.click("#page-next"); // the browser keeps the pages it has seen (private, max-age): ask for a new one
        }
        b.waitFor(d -> b.all("#page-error").isEmpty() ? null : true);
        assertTrue(b.text("#page-error").contains("原文未保留，请重新上传"), b.text("#page-error"));
        b.shoot("61-news-review-original-missing");
    }

    private boolean loaded(WebElement img) {
        return Boolean.TRUE.equals(b.script("const i = arguments[0]; return i.isConnected && i.complete && i.naturalWidth > 0;", img));
    }
}
