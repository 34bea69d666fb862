package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.telephony.CallListFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The 名单 page with a file over 2 MB in headless Chromium: it is imported in the background (async upload), the page
 * follows the job, shows the counts and the first rejected rows at 完成, and the list then appears in the table.
 */
class ConsoleListImportJourneyTest extends ConsoleJourney {
    @TempDir
    Path files;

    @BeforeAll
    void start() {
        startServer(Map.of("zhiyu.telephony.list.max.rows", "200000"), "operator");
        openBrowser();
    }

    @Test
    void aLargeListIsImportedInTheBackgroundAndAppearsWhenDone() throws Exception {
        Path csv = files.resolve("大名单.csv");
        CallListFiles.Expected want = CallListFiles.csv(csv, 90_000, 1_000, 0);
        assertTrue(Files.size(csv) > 2 * 1024 * 1024, "over the page's background threshold: " + Files.size(csv));
        b.home();
        b.signIn("alpha", "operator", PASSWORD, "运营");
        b.waitFor(d -> b.text("main h1").equals("名单"));
        b.driver.findElement(By.cssSelector("#upload-form input[name=file]")).sendKeys(csv.toAbsolutePath().toString());
        b.find("#preview-table");
        b.find("#upload-form button[type=submit]").click();
        b.waitFor(Duration.ofSeconds(180), d -> b.all("#row-errors").isEmpty() ? null : true);
        assertEquals(String.valueOf(want.imported()), b.text("[data-kpi=已导入] b"));
        assertEquals(String.valueOf(want.rejected()), b.text("[data-kpi=拒绝] b"));
        assertTrue(b.text("#row-errors").contains("1001"), "the first bad row is named: " + b.text("#row-errors"));
        b.waitFor(d -> b.text("#lists-table").contains("大名单") ? true : null);
        assertTrue(b.text("#lists-table").contains(String.valueOf(want.imported()))
                || b.text("#lists-table").contains(String.format("%,d", want.imported())), b.text("#lists-table"));
        b.shoot("lists-background-import-done");
    }
}
