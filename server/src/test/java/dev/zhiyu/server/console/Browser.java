package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromium-driver, never anything Selenium Manager would download. One
 * browser for all journeys; screenshots of each page at 1366×768 and at phone width, accessibility checks per page.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/console-screenshots");
    private static final java.util.concurrent.atomic.AtomicBoolean SHOTS_CLEARED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final Dimension DESKTOP = new Dimension(1366, 768);
    private static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    static Browser open(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            fail("控制台浏览器测试需要 Debian 的 chromium 和 chromium-driver（" + CHROMIUM + "、" + DRIVER
                    + "）；bin/test 会自动安装，也可手动：apt-get install -y chromium chromium-driver");
        }
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("zhiyu-chromium-");
            ChromeOptions o = new ChromeOptions();
            o.setBinary(CHROMIUM.toFile());
            o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=1366,768", "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            o.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, o);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            Files.createDirectories(SHOTS);
            if (SHOTS_CLEARED.compareAndSet(false, true)) {
                // once per test JVM, so the journeys of several test classes keep each other's screenshots
                try (var old = Files.list(SHOTS)) {
                    old.forEach(f -> f.toFile().delete());
                }
            }
            Browser b = new Browser(driver, profile, "http://127.0.0.1:" + port);
            b.viewport(DESKTOP.width, DESKTOP.height);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void go(String hash) {
        driver.get(base + "/#/" + hash);
    }

    void home() {
        viewport(DESKTOP.width, DESKTOP.height);
        driver.manage().deleteAllCookies();
        driver.get(base + "/");
        driver.executeScript("localStorage.clear(); sessionStorage.clear();");
        driver.get(base + "/");
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class); // live pages re-render while a test reads them
        return wait.until(condition);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(15), condition);
    }

    WebElement find(String css) {
        return waitFor(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Clicks the element, again if a live re-render replaced it in between. */
    void click(String css) {
        waitFor(d -> {
            find(css).click();
            return true;
        });
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** The page at 1366×768 and at phone width (full height), then the accessibility checks; back to desktop. */
    void shoot(String name) {
        waitFor(d -> all(".state.loading").isEmpty());
        checkAccessibility(name);
        try {
            for (var size : List.of(DESKTOP, PHONE)) {
                viewport(size.width, size.height);
                Thread.sleep(300); // let charts follow the resize
                long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
                viewport(size.width, (int) Math.min(Math.max(height, size.height), 4000));
                Thread.sleep(100);
                String suffix = size == DESKTOP ? "1366x768" : "phone-390";
                Files.write(SHOTS.resolve(name + "-" + suffix + ".png"), driver.getScreenshotAs(OutputType.BYTES));
                if (size == PHONE) {
                    long overflow = ((Number) driver.executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
                    assertEquals(0, overflow, name + "：手机宽度下页面不应横向溢出 " + driver.executeScript(
                            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                                    + "document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            viewport(DESKTOP.width, DESKTOP.height);
        }
    }

    /** The exact CSS viewport (window sizes include the browser's own frame), phone-like below 500 px. */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 500));
    }

    /** Every visible control has a label; text meets WCAG AA contrast against its effective background. */
    void checkAccessibility(String page) {
        Object unlabelled = ((JavascriptExecutor) driver).executeScript(UNLABELLED);
        assertEquals(List.of(), unlabelled, page + "：没有标签的控件");
        Object lowContrast = ((JavascriptExecutor) driver).executeScript(CONTRAST);
        assertEquals(List.of(), lowContrast, page + "：对比度不足的文字");
    }

    private static final String UNLABELLED = """
            return [...document.querySelectorAll('input, select, textarea, button')]
              .filter(e => e.offsetParent !== null && e.type !== 'hidden')
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
              .map(e => e.outerHTML.slice(0, 120));""";

    private static final String CONTRAST = """
            const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3); } return [255, 255, 255]; };
            const bad = [];
            for (const e of document.querySelectorAll('body *')) {
              if (e.offsetParent === null || e.closest('canvas, svg, [role=img]')) continue;
              if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
              const s = getComputedStyle(e);
              if (s.visibility === 'hidden' || Number(s.opacity) < 0.5) continue;
              const a = lum(rgb(s.color).slice(0, 3)), b = lum(bg(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
              if (ratio < (large ? 3 : 4.5)) bad.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
            }
            return bad;""";

    /** Signs in with the keyboard only: tenant, Tab, user, Tab, password, Enter; waits until the header names {@code shownAs}. */
    void signIn(String tenant, String user, String password, String shownAs) {
        WebElement field = find("input[name=tenant]");
        field.clear();
        field.sendKeys(tenant, Keys.TAB, user, Keys.TAB, password, Keys.ENTER);
        waitFor(d -> String.valueOf(d.findElement(By.id("who")).getDomProperty("textContent")).contains(shownAs));
    }

    /** The pages in the navigation, by their {@code data-page}. */
    List<String> nav() {
        return all("#nav a").stream().map(a -> a.getDomAttribute("data-page")).toList();
    }

    /** For {@code @RegisterExtension}: after a failed test, what the browser (if open by then) showed and logged. */
    static TestWatcher dumpOnFailure(Supplier<Browser> browser) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                Browser b = browser.get();
                if (b != null) {
                    b.dump(context.getRequiredTestMethod().getName());
                }
            }
        };
    }

    /** After a failure: what the browser showed and logged, next to the screenshots. */
    void dump(String name) {
        try {
            Files.write(SHOTS.resolve("FAILED-" + name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            StringBuilder log = new StringBuilder(driver.getCurrentUrl()).append('\n');
            driver.manage().logs().get(LogType.BROWSER).forEach(e -> log.append(e).append('\n'));
            log.append(driver.getPageSource());
            Files.writeString(SHOTS.resolve("FAILED-" + name + ".txt"), log);
        } catch (IOException | RuntimeException e) {
            System.err.println("无法保存失败现场：" + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
