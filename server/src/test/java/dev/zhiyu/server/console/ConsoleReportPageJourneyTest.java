package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 10 in headless Chromium: a researcher opens the review page of an uploaded sample report, sees the original
 * PDF page beside the values, and switches the page from an indicator's page number with the keyboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReportPageJourneyTest {
    private ReviewFixture f;
    private Browser b;

    @AfterAll
    void stop() {
        if (f != null) f.close();
    }

    @RegisterExtension
    final TestWatcher dumpOnFailure = Browser.dumpOnFailure(() -> b);

    @Test
    void theReviewPageShowsTheSourcePageAndFollowsAnIndicatorsPageNumber() throws Exception {
        f = ReviewFixture.start("民生银行");
        b = f.browser;
        long id = f.reportId;
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

        try (var kept = Files.list(f.stores.dir().resolve("tenants/alpha/reports/originals"))) {
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
