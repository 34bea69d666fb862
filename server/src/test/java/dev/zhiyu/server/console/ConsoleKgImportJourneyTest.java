package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The 图谱导入 page in headless Chromium against the production server: the designed empty state, an empty file
 * refused next to the field before any upload, then a generated tables file with one bad row uploaded and watched
 * through the progress bar to 100% and 完成, its rejected row listed, the job in the recent list; operators see no
 * entry for the page.
 */
class ConsoleKgImportJourneyTest extends ConsoleJourney {
    @TempDir
    Path files;

    @BeforeAll
    void start() {
        startServer(Map.of());
        platform.users().create(alpha.id(), "admin", "管理员（测试）", "admin", PASSWORD);
        platform.users().create(alpha.id(), "operator", "运营（测试）", "operator", PASSWORD);
        openBrowser();
    }

    /** Companies held 60% by one person, plus one holding in a company the file never names. */
    private static String withOneBadRow(int companies) {
        StringBuilder e = new StringBuilder("{\"entities\": [{\"kind\": \"person\", \"code\": \"GP\", \"name\": \"甲某\"}");
        StringBuilder s = new StringBuilder("], \"shareholdings\": [{\"holder\":\"GP\",\"company\":\"不存在的公司\",\"equity_pct\":10}");
        for (int i = 0; i < companies; i++) {
            e.append(",{\"kind\":\"company\",\"code\":\"G").append(i).append("\",\"name\":\"生成公司").append(i).append("\"}");
            s.append(",{\"holder\":\"GP\",\"company\":\"G").append(i).append("\",\"equity_pct\":60}");
        }
        return e.append(s).append("]}").toString();
    }

    private void choose(Path file, String format) {
        WebElement input = b.driver.findElement(By.cssSelector("#kg-import-form input[name=file]"));
        input.sendKeys(file.toAbsolutePath().toString());
        new Select(b.find("#kg-import-form select[name=format]")).selectByValue(format);
        b.find("#kg-import-form button[type=submit]").click();
    }

    private String fileError() {
        WebElement input = b.driver.findElement(By.cssSelector("#kg-import-form input[name=file]"));
        return String.valueOf(b.driver.findElement(By.id(input.getDomAttribute("id") + "-error")).getDomProperty("textContent"));
    }

    @Test
    void anAdminUploadsWatchesTheProgressAndReadsTheRejectedRows() throws Exception {
        b.home();
        b.signIn("alpha", "admin", PASSWORD, "管理员");
        assertTrue(b.nav().contains("kg-import"), b.nav().toString());
        b.go("kg-import");
        assertTrue(b.text("#kg-import-recent").contains("还没有导入过文件"), b.text("#kg-import-recent"));

        Path empty = Files.writeString(files.resolve("empty.json"), "");
        choose(empty, "tables");
        b.waitFor(d -> fileError().contains("文件是空的") ? true : null);
        assertEquals("true", b.find("#kg-import-form input[name=file]").getDomAttribute("aria-invalid"));
        assertTrue(b.all("#kg-import-current [role=progressbar]").isEmpty(), "空文件不应上传");

        Path good = Files.writeString(files.resolve("holdings.json"), withOneBadRow(4_000));
        b.driver.findElement(By.cssSelector("#kg-import-form input[name=file]")).clear();
        choose(good, "tables");
        List<Integer> seen = new ArrayList<>();
        b.waitFor(Duration.ofSeconds(30), d -> {
            WebElement bar = b.find("#kg-import-current [role=progressbar]");
            int now = Integer.parseInt(bar.getDomAttribute("aria-valuenow"));
            if (seen.isEmpty() || seen.getLast() != now) {
                seen.add(now);
            }
            return b.text("#kg-import-current .badge").equals("完成") ? true : null;
        });
        assertEquals("100", b.find("#kg-import-current [role=progressbar]").getDomAttribute("aria-valuenow"));
        assertEquals("100%", b.text("#kg-pct"));
        assertFalse(seen.stream().anyMatch(v -> v < 0 || v > 100), seen.toString());
        System.out.println("KG import page progress values seen: " + seen);
        assertEquals("8,001 / 8,002", b.text("#kg-facts"));
        assertEquals("1", b.text("#kg-rejected-count"));
        String rejected = b.text("#kg-rejected");
        assertTrue(rejected.contains("shareholdings") && rejected.contains("不存在的公司"), rejected);
        b.waitFor(d -> b.all("#kg-import-list tbody tr").size() == 1 ? true : null);
        assertTrue(b.text("#kg-import-list").contains("holdings.json"), b.text("#kg-import-list"));
        b.checkAccessibility("kg-import-done");

        b.home();
        b.signIn("alpha", "operator", PASSWORD, "运营");
        assertFalse(b.nav().contains("kg-import"), b.nav().toString());
    }
}
