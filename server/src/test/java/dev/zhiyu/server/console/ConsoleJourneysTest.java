package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in real headless Chromium against the production server (H2 tenant, telephony on the FreeSWITCH
 * simulator, report pipeline in review mode, the tenant's knowledge graph): one journey per role, screenshots of
 * every page at 1366×768 and phone width in target/console-screenshots. The tenant's graph also holds companies and a
 * person named with markup ({@code <img onerror>}, {@code <script>}, {@code <svg onload>}): shown anywhere, hovered in
 * the chart, they run no script (stored XSS).
 */
class ConsoleJourneysTest extends ConsoleJourney {
    private static final String KG = """
            {"entities": [
              {"kind": "person", "name": "张三"}, {"kind": "person", "name": "李四"},
              {"kind": "company", "code": "Q1001", "name": "甲控股集团有限公司"},
              {"kind": "company", "code": "Q1002", "name": "乙投资有限公司"},
              {"kind": "company", "code": "Q1004", "name": "丁资本管理有限公司"},
              {"kind": "company", "code": "Q1003", "name": "丙科技股份有限公司", "former_names": "丙电子有限公司",
               "listing_code": "688001", "industry": "软件和信息技术服务业", "region": "上海"}],
             "shareholdings": [
              {"holder": "张三", "company": "Q1001", "equity_pct": 70}, {"holder": "李四", "company": "Q1001", "equity_pct": 30},
              {"holder": "Q1001", "company": "Q1002", "equity_pct": 80}, {"holder": "Q1004", "company": "Q1002", "equity_pct": 20},
              {"holder": "Q1002", "company": "Q1003", "equity_pct": 55}, {"holder": "张三", "company": "Q1003", "equity_pct": 10},
              {"holder": "Q1004", "company": "Q1003", "equity_pct": 35}, {"holder": "李四", "company": "Q1004", "equity_pct": 100}],
             "events": [{"company": "Q1003", "type": "行政处罚", "date": "2025-06-01", "title": "信息披露违规被责令改正"}]}
            """;

    private static final String IMG = "<img src=x onerror=\"window.__xss=1\">";
    private static final String SCRIPT = "<script>window.__xss=2</script>";
    private static final String SVG = "<svg onload=\"window.__xss=3\">{b}";

    private static final Path RECORDINGS = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("zhiyu-recordings-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
    private Api operatorApi;
    private Api supervisorApi;

    @BeforeAll
    void start() {
        startServer(Map.of("zhiyu.reports.review", "true", "zhiyu.telephony.demo.time.scale", "0.2",
                "zhiyu.telephony.agent.target", "1001", "zhiyu.telephony.record.dir", RECORDINGS.toString()),
                "admin", "operator", "supervisor", "researcher");
        operatorApi = key(alpha, "ops", "operator");
        supervisorApi = key(alpha, "sup", "supervisor");
        Api admin = key(alpha, "kg", "admin");
        Api.Response imported = admin.postRaw("/api/kg/import?format=tables", KG, "application/json");
        assertEquals(200, imported.status(), imported.toString());
        assertEquals(0, imported.json().get("report").get("rejected").size(), imported.toString());
        // stored XSS: companies and a person whose names are markup (see hostileNamesAreShownAsTextAndRunNoScript)
        String kg = """
                {"entities": [
                  {"kind": "company", "code": "X1", "name": %s},
                  {"kind": "company", "code": "X2", "name": "正常科技股份有限公司"},
                  {"kind": "company", "code": "X3", "name": %s},
                  {"kind": "person", "name": %s}],
                 "shareholdings": [
                  {"holder": "X1", "company": "X2", "equity_pct": 60},
                  {"holder": %s, "company": "X2", "equity_pct": 30},
                  {"holder": "X3", "company": "X2", "equity_pct": 10},
                  {"holder": %s, "company": "X1", "equity_pct": 100}]}
                """.formatted(json(IMG), json(SVG), json(SCRIPT), json(SCRIPT), json(SCRIPT));
        Api.Response hostile = admin.postRaw("/api/kg/import?format=tables", kg, "application/json");
        assertEquals(200, hostile.status(), hostile.toString());
        assertEquals(0, hostile.json().get("report").get("rejected").size(), hostile.body());
        openBrowser();
    }

    private static String json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void signedOut() {
        b.home();
    }

    @Test
    void signInIsChineseByDefaultRefusesBadInputAndSwitchesToEnglish() {
        assertEquals("zh-CN", b.driver.executeScript("return document.documentElement.lang"));
        b.find("form.signin button[type=submit]").click();
        assertEquals("不能为空", b.text("#" + b.find("input[name=username]").getDomAttribute("id") + "-error"));
        assertEquals("true", b.find("input[name=username]").getDomAttribute("aria-invalid"));
        b.find("input[name=tenant]").clear();
        b.find("input[name=tenant]").sendKeys("alpha", Keys.TAB, "operator", Keys.TAB, "wrong-password", Keys.ENTER);
        b.waitFor(d -> !b.text(".form-error").isEmpty());
        assertTrue(b.text(".form-error").matches(".*[\\u4e00-\\u9fa5].*"), "a Chinese message: " + b.text(".form-error"));
        b.shoot("00-sign-in");
        b.find("#lang").click();
        b.waitFor(d -> b.text("form.signin h1").equals("Sign in"));
        assertEquals("en", b.driver.executeScript("return document.documentElement.lang"));
        b.find("#lang").click();
        b.waitFor(d -> b.text("form.signin h1").equals("登录"));
    }

    /** Holds back the tasks page's requests (not sent) in {@code window.__held} until the test sends and answers them. */
    private static final String HOLD_TASK_POLLS = """
            window.__held = [];
            window.__realFetch = window.__realFetch || window.fetch.bind(window);
            window.fetch = (u, o) => String(u).startsWith('/api/tasks')
              ? new Promise((resolve, reject) => window.__held.push({ u, o, resolve, reject }))
              : window.__realFetch(u, o);""";

    @Test
    void eachRoleSeesOnlyItsPages() {
        signIn("operator");
        assertEquals(List.of("lists", "tasks", "dnc", "companies"), nav());
        b.go("news");
        b.waitFor(d -> b.text("main h1").equals("无权访问"));
        b.find("#signout").click();
        signIn("researcher");
        assertEquals(List.of("news", "documents", "subscriptions", "companies"), nav());
        b.go("tasks");
        b.waitFor(d -> b.text("main h1").equals("无权访问"));
        b.find("#signout").click();
        signIn("supervisor");
        assertEquals(List.of("tasks", "dnc", "wall", "dashboard", "compliance", "annotations", "models", "companies"), nav());
        b.waitFor(d -> b.text("main h1").equals("任务"));
        // the race that once failed this test, made certain: a poll of the tasks page is held back, sent after the
        // sign-out (401) and answered only after the admin signed in; the answer must not sign the admin out
        b.script(HOLD_TASK_POLLS);
        b.waitFor(d -> Boolean.TRUE.equals(b.script("return window.__held.length > 0")) ? true : null);
        b.find("#signout").click();
        b.find("input[name=tenant]");
        b.script("window.__held.forEach(e => window.__realFetch(e.u, e.o).then(r => { e.response = r; }))");
        b.waitFor(d -> Boolean.TRUE.equals(b.script("return window.__held.every(e => e.response)")) ? true : null);
        assertEquals(401L, b.script("return window.__held[0].response.status"), "sent after the sign-out");
        signIn("admin");
        b.script("window.fetch = window.__realFetch; window.__held.forEach(e => e.resolve(e.response))");
        b.script("return new Promise(r => setTimeout(r, 500))");
        Object who = b.script("return document.getElementById('who').textContent + ' / ' + document.getElementById('toast').textContent");
        assertTrue(String.valueOf(who).contains("admin") && b.all("form.signin").isEmpty(),
                "the previous user's late answer left the admin signed in: " + who);
        assertEquals(List.of("lists", "tasks", "dnc", "wall", "dashboard", "compliance", "annotations", "models", "news",
                "documents", "subscriptions", "companies", "kg-import"), nav(), "the admin sees every page, in groups");
        b.find("#lang").click();
        b.waitFor(d -> b.text("nav a[data-page=lists]").equals("Call lists"));
        b.waitFor(d -> b.text("main h1").equals("Call lists"));
        b.shoot("01-admin-english");
        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("名单"));
    }

    @Test
    void operatorUploadsAListAndStartsATaskOnTheSimulator() throws IOException {
        signIn("operator");
        b.waitFor(d -> b.text("main h1").equals("名单"));
        b.shoot("10-lists-empty");
        Path csv = Files.createTempFile("zhiyu-list-", ".csv");
        Files.writeString(csv, "customer_name,手机号,stop_step\n王先生,13800200001,1\n李女士,13800200002,2\n赵先生,12345,1\n"
                + "钱女士,13800200003,3\n孙先生,13800200004,1\n周女士,13800200005,2\n");
        b.find("input[name=file]").sendKeys(csv.toAbsolutePath().toString());
        b.find("#preview-table");
        assertEquals(5, b.all("#preview-table tbody tr").size(), "header and the first 5 rows");
        new Select(b.find("select[name=phoneColumn]")).selectByValue("手机号");
        b.find("#upload-form button[type=submit]").click();
        b.find("#row-errors");
        assertEquals("5", b.text("[data-kpi=已导入] b"));
        assertEquals("1", b.text("[data-kpi=拒绝] b"));
        assertTrue(b.text("#row-errors").contains("4"), "the bad row is named: " + b.text("#row-errors"));
        assertTrue(b.text("#lists-table").contains(csv.getFileName().toString().replace(".csv", "")));
        b.shoot("11-lists-uploaded");
        Files.delete(csv);

        b.find("nav a[data-page=tasks]").click();
        WebElement name = b.find("#task-form input[name=name]");
        name.sendKeys("开户回访（控制台）");
        WebElement end = b.find("#task-form input[name=windowEnd]");
        end.clear();
        end.sendKeys("25:00");
        b.find("#task-form button[type=submit]").click();
        b.waitFor(d -> !b.text("#" + end.getDomAttribute("id") + "-error").isEmpty());
        assertEquals("true", end.getDomAttribute("aria-invalid"));
        b.shoot("12-task-bad-window");
        assertFalse(String.valueOf(b.driver.executeScript("return document.querySelector('#tasks-table')?.textContent || ''"))
                .contains("开户回访（控制台）"), "nothing was saved");
        b.find("#task-form input[name=windowStart]").clear();
        b.find("#task-form input[name=windowStart]").sendKeys("00:00");
        end.clear();
        end.sendKeys("24:00");
        WebElement concurrent = b.find("#task-form input[name=maxConcurrent]");
        concurrent.clear();
        concurrent.sendKeys("2");
        b.find("#task-form button[type=submit]").click();
        String row = "#tasks-table tr[data-task='" + b.waitFor(d -> b.all("#tasks-table tr[data-task]").stream() // read in the
                .filter(r -> r.getText().contains("开户回访（控制台）")).findFirst() // wait: the table re-renders every 2 s
                .map(r -> r.getDomAttribute("data-task")).orElse(null)) + "'] ";
        b.find(row + "[data-status=CREATED]");
        b.click(row + "button[data-action=start]");
        b.waitFor(Duration.ofSeconds(30), d -> !b.all(row + "[data-status=RUNNING]").isEmpty()
                && Integer.parseInt(b.find(row + ".task-progress").getDomAttribute("data-dialled")) > 0);
        b.shoot("13-task-running");
        b.click(row + "button[data-action=pause]");
        b.find(row + "[data-status=PAUSED]");
        b.click(row + "button[data-action=stop]");
        b.find(row + "[data-status=STOPPED]");
        assertTrue(b.all(row + "button").isEmpty(), "a stopped task offers no controls");
    }

    @Test
    void supervisorWatchesALiveCallChangeStateOnTheWall() throws Exception {
        signIn("supervisor");
        b.find("nav a[data-page=wall]").click();
        b.find("#wall-empty");
        b.shoot("20-wall-empty");
        StringBuilder rows = new StringBuilder("手机号,customer_name,stop_step\n");
        for (int i = 0; i < 8; i++) {
            rows.append(13800300000L + i).append(",客户").append(i).append(',').append(i % 4 + 1).append('\n');
        }
        String list = operatorApi.postRaw("/api/calls/lists?name=wall", rows.toString(), "text/csv").json().get("listId").asText();
        Api.Response task = operatorApi.post("/api/tasks", Map.of("name", "监控演示", "listId", list, "windowStart", "00:00",
                "windowEnd", "24:00", "maxConcurrent", 1, "callsPerSecond", 5, "maxAttempts", 1)); // one at a time: a long window to take one over
        assertEquals(201, task.status(), task.toString());
        String id = task.json().get("id").asText();
        assertEquals(200, operatorApi.post("/api/tasks/" + id + "/start", Map.of()).status());

        WebElement changed = b.waitFor(Duration.ofSeconds(40), d -> b.all(".call").stream()
                .filter(c -> c.getDomAttribute("data-states").startsWith("dialling ")).findFirst().orElse(null));
        String call = changed.getDomAttribute("data-call");
        assertTrue(List.of("answered", "talking", "takeover", "ended").contains(changed.getDomAttribute("data-state")), changed.getText());
        assertTrue(changed.getText().contains("拨号中 →"), changed.getText());
        assertTrue(changed.getText().matches("(?s).*\\+?86?1\\d{2}\\*{4}\\d{4}.*|(?s).*\\*{4}.*"), "the number is masked: " + changed.getText());
        b.shoot("21-wall-live");
        String taken = takeOverACall();
        b.shoot("21b-wall-taken-over");

        b.waitFor(Duration.ofSeconds(60), d -> "ended".equals(b.find(".call[data-call='" + call + "']").getDomAttribute("data-state")));
        b.find(".call[data-call='" + call + "'] button").click();
        b.find("#call-record .transcript, #call-record p");
        b.shoot("22-wall-call-record");
        // the simulator records no audio: put 0.1 s of it where FreeSWITCH would have written the call's recording
        Path wav = RECORDINGS.resolve("alpha").resolve(taken + ".wav");
        Files.createDirectories(wav.getParent());
        Files.write(wav, dev.zhiyu.server.http.CallTakeoverApiContract.wav());
        b.click(".call[data-call='" + taken + "'] button.secondary");
        b.waitFor(d -> b.text("#call-record").contains("主管接管通话") ? true : null);
        assertTrue(b.text("#call-record").contains("已转人工 → 1001"), b.text("#call-record"));
        WebElement audio = b.find("#call-record audio");
        b.script("arguments[0].load()", audio);
        b.waitFor(d -> ((Number) b.script("return arguments[0].readyState", audio)).intValue() >= 1 ? true : null);
        assertEquals(0.1, ((Number) b.script("return arguments[0].duration", audio)).doubleValue(), 0.01,
                "the player loaded the call's recording beside its transcript");
        b.shoot("22b-wall-taken-over-record");

        b.find("nav a[data-page=dashboard]").click();
        new Select(b.find("select[name=task]")).selectByValue(id);
        b.waitFor(d -> !b.all("#dashboard canvas").isEmpty());
        // the taken-over call had a dialog: its turns feed the intent chart and the stage funnel
        b.find("#intent-chart canvas");
        b.find("#stage-chart canvas");
        assertTrue(b.text("[data-kpi='兜底率']").endsWith("兜底率"), b.text("[data-kpi='兜底率']"));
        b.shoot("23-dashboard");

        b.find("nav a[data-page=compliance]").click();
        new Select(b.find("select[name=task]")).selectByValue(id);
        b.find("form button[type=submit]").click();
        b.waitFor(d -> b.text("#compliance-result").contains("已检查通话"));
        b.shoot("24-compliance");

        b.find("nav a[data-page=annotations]").click();
        String scenario = new Select(b.find("select[name=scenario]")).getFirstSelectedOption().getDomAttribute("value");
        b.find("#wb-text, #wb-empty");
        List<String> shown = b.all("#wb-text").stream().map(WebElement::getText).toList();
        Api.Response queue = supervisorApi.get("/api/annotations/queue?limit=100&scenario=" + scenario);
        assertEquals(200, queue.status(), queue.toString());
        List<String> queued = new java.util.ArrayList<>();
        queue.json().forEach(item -> queued.add(item.get("turn").get("text").asText()));
        assertTrue(queued.containsAll(shown), "the page shows the queue of the API (calls still add to it): " + shown + " ⊆ " + queued);
        b.shoot("25-annotations");

        b.find("nav a[data-page=dnc]").click();
        b.find("#dnc-form input[name=numbers]").sendKeys("12345", Keys.ENTER);
        b.waitFor(d -> !b.text("#" + b.find("#dnc-form input[name=numbers]").getDomAttribute("id") + "-error").isEmpty());
        b.shoot("26-dnc-bad-number");
        operatorApi.post("/api/tasks/" + id + "/stop", Map.of());
    }

    /**
     * Clicks 接管 on a card while its dialog runs (the stage and the last lines on it) until one is taken over (a
     * call may end between render and click); the card then shows the transfer and ends as 已转人工.
     */
    private String takeOverACall() {
        for (int attempt = 0; attempt < 4; attempt++) {
            WebElement card = b.waitFor(Duration.ofSeconds(40), d -> b.all(".call").stream()
                    .filter(c -> !c.findElements(org.openqa.selenium.By.cssSelector("button.takeover")).isEmpty()
                            && !c.findElements(org.openqa.selenium.By.cssSelector(".stage")).isEmpty()
                            && !c.findElements(org.openqa.selenium.By.cssSelector(".said.bot")).isEmpty()).findFirst().orElse(null));
            String call = card.getDomAttribute("data-call");
            String css = ".call[data-call='" + call + "']";
            assertTrue(b.text(css).contains("当前环节"), "the card shows the dialog stage: " + b.text(css));
            assertTrue(b.text(css).contains("机器人："), "the card shows the bot's last line: " + b.text(css));
            try {
                b.click(css + " button.takeover");
                b.waitFor(Duration.ofSeconds(5), d -> b.text(css).contains("已转人工 → 1001") ? true : null);
            } catch (org.openqa.selenium.TimeoutException | org.openqa.selenium.NoSuchElementException ended) {
                continue; // it ended before the click landed: take another
            }
            // read at once: the call may end between two reads
            @SuppressWarnings("unchecked")
            List<Object> card2 = (List<Object>) b.script("const c = document.querySelector(arguments[0]); return [c.dataset.state,"
                    + " c.querySelector('.badge').textContent, !!c.querySelector('.stage'), !!c.querySelector('button.takeover'),"
                    + " c.dataset.states]", css);
            assertTrue(List.of("transferred", "ended").contains(card2.get(0)), "taken over is not talking to the bot: " + card2);
            if ("transferred".equals(card2.get(0))) {
                assertEquals(List.of("transferred", "已转人工", false, false), card2.subList(0, 4),
                        "the card shows the agent has it, no dialog stage and no second take-over: " + card2);
            }
            assertTrue(String.valueOf(card2.get(4)).endsWith(" transferred") || "ended".equals(card2.get(0)), card2.toString());
            b.waitFor(Duration.ofSeconds(30), d -> "ended".equals(b.find(css).getDomAttribute("data-state")));
            assertTrue(b.text(css).contains("已转人工"), b.text(css));
            assertTrue(b.find(css).getDomAttribute("data-states").contains("transferred"), b.find(css).getDomAttribute("data-states"));
            return call;
        }
        throw new AssertionError("no call could be taken over");
    }

    @Test
    void researcherApprovesAFlashNewsItemGeneratedFromASampleReport() throws Exception {
        Path pdf;
        try (var s = Files.list(Path.of("../../shared/data/reports/pdfs"))) {
            pdf = s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 ../../shared/data/reports/pdfs"));
        }
        signIn("researcher");
        b.waitFor(d -> b.text("main h1").equals("快讯"));
        b.shoot("30-news-empty");
        b.find("nav a[data-page=documents]").click();
        b.find("#report-form button[type=submit]").click();
        assertFalse(b.text("#" + b.find("#report-form input[name=file]").getDomAttribute("id") + "-error").isEmpty());
        b.find("#report-form input[name=file]").sendKeys(pdf.toAbsolutePath().normalize().toString());
        b.find("#report-form button[type=submit]").click();
        b.find("#documents [data-doc-status]");
        b.shoot("31-documents-processing");
        b.waitFor(Duration.ofSeconds(90), d -> !b.all("#documents [data-doc-status=DONE]").isEmpty());
        b.shoot("32-documents-done");

        b.find("nav a[data-page=news]").click();
        b.find(".news-item [data-news-status=HELD_FOR_REVIEW]");
        b.shoot("33-news-feed");
        b.find(".news-item h3 a").click();
        b.find("#sources");
        assertFalse(b.all("#sources tbody tr").isEmpty(), "the item shows the values it was written from");
        b.find("#news-status [data-news-status=HELD_FOR_REVIEW]");
        b.shoot("34-news-review");
        b.find("#reject").click();
        WebElement reason = b.find("#review-form input[name=reason]");
        b.waitFor(d -> !b.text("#" + reason.getDomAttribute("id") + "-error").isEmpty());
        b.find("#news-status [data-news-status=HELD_FOR_REVIEW]"); // a reject without a reason saved nothing
        reason.sendKeys("标题需要补充同比口径");
        b.find("#reject").click();
        b.find("#news-status [data-news-status=BLOCKED]");
        assertTrue(b.text("#news-problems").contains("审核驳回：标题需要补充同比口径"), b.text("#news-problems"));
        assertFalse(b.find("#approve").isEnabled(), "a rejected item is approved only after an edit");
        b.shoot("34b-news-rejected");
        b.find("#review-form button[type=submit]").click(); // saving re-runs the number check: held again
        b.find("#news-status [data-news-status=HELD_FOR_REVIEW]");
        b.find("#approve").click();
        b.find("#news-status [data-news-status=PUBLISHED]");
        assertFalse(b.find("#approve").isEnabled());
        b.shoot("35-news-approved");
        b.find("nav a[data-page=subscriptions]").click();
        new Select(b.find("select[name=scope]")).selectByValue("industry");
        b.find("#subscription-form button[type=submit]").click();
        WebElement scopeName = b.find("#subscription-form input[name=scopeName]");
        b.waitFor(d -> "true".equals(scopeName.getDomAttribute("aria-invalid")));
        b.shoot("36-subscriptions-bad-input");
    }

    @Test
    void analystFindsACompanyByShortNameAndExpandsThePenetrationChart() {
        signIn("researcher");
        b.find("nav a[data-page=companies]").click();
        b.find("#company-search input[name=q]").sendKeys("丙电子", Keys.ENTER);
        b.find("#hits a");
        assertEquals("丙科技股份有限公司", b.text("#hits a"), "found by its former name");
        b.find("#company-search input[name=q]").clear();
        b.find("#company-search input[name=q]").sendKeys("丙科技", Keys.ENTER);
        b.waitFor(d -> b.text("#hits").contains("688001"));
        b.shoot("40-company-search");
        b.find("#hits a").sendKeys(Keys.ENTER); // the keyboard opens the profile
        b.waitFor(d -> b.text("main h1").equals("丙科技股份有限公司"));
        WebElement chart = b.find("#penetration-chart");
        b.waitFor(d -> chart.getDomAttribute("data-nodes") != null && !b.all("#penetration-chart canvas").isEmpty());
        int before = Integer.parseInt(chart.getDomAttribute("data-nodes"));
        assertEquals(4, before, "level 1: the company and its three direct holders");
        assertTrue(b.text("#controller").contains("张三"), b.text("#controller"));
        b.shoot("41-profile");
        b.find("#expand").sendKeys(Keys.ENTER);
        b.waitFor(d -> "2".equals(chart.getDomAttribute("data-levels")));
        int after = Integer.parseInt(chart.getDomAttribute("data-nodes"));
        assertTrue(after > before, before + " → " + after);
        b.find("#expand").click();
        b.waitFor(d -> "3".equals(chart.getDomAttribute("data-levels")));
        b.shoot("42-profile-expanded");
        assertTrue(b.text("#beneficial-owners").contains("张三"), b.text("#beneficial-owners"));
    }

    @Test
    void hostileNamesAreShownAsTextAndRunNoScript() {
        b.home();
        signIn("researcher");
        b.find("nav a[data-page=companies]").click();
        b.find("#company-search input[name=q]").sendKeys("onerror", Keys.ENTER);
        b.waitFor(d -> b.text("#hits").contains(IMG) ? true : null);
        noScriptRan();
        b.find("#company-search input[name=q]").clear();
        b.find("#company-search input[name=q]").sendKeys("正常科技", Keys.ENTER);
        b.waitFor(d -> b.text("#hits").contains("正常科技") ? true : null);
        b.find("#hits a").click();
        b.waitFor(d -> b.text("main h1").equals("正常科技股份有限公司"));
        WebElement chart = b.find("#penetration-chart");
        b.waitFor(d -> chart.getDomAttribute("data-nodes") != null && !b.all("#penetration-chart canvas").isEmpty());
        b.find("#expand").click();
        b.waitFor(d -> "2".equals(chart.getDomAttribute("data-levels")));
        b.waitFor(d -> Boolean.TRUE.equals(b.script("const c = window.echarts && echarts.getInstanceByDom(arguments[0]);"
                + " return !!c && c.getModel().getSeriesByIndex(0).getData().count() >= 5", chart)));

        // hover every node: the mouse over its place on the canvas, and ECharts' own showTip for good measure
        long nodes = ((Number) b.script("return echarts.getInstanceByDom(arguments[0]).getModel().getSeriesByIndex(0).getData().count()",
                chart)).longValue();
        boolean sawHostile = false;
        for (int i = 0; i < nodes; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> at = (Map<String, Object>) b.script("const c = echarts.getInstanceByDom(arguments[0]);"
                    + " const l = c.getModel().getSeriesByIndex(0).getData().getItemLayout(arguments[1]);"
                    + " return l ? {x: l.x, y: l.y, w: arguments[0].clientWidth, h: arguments[0].clientHeight} : null", chart, i);
            if (at != null) {
                int x = (int) Math.round(((Number) at.get("x")).doubleValue() - ((Number) at.get("w")).doubleValue() / 2);
                int y = (int) Math.round(((Number) at.get("y")).doubleValue() - ((Number) at.get("h")).doubleValue() / 2);
                new Actions(b.driver).moveToElement(chart, x, y).pause(60).perform();
            }
            b.script("echarts.getInstanceByDom(arguments[0]).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: arguments[1]})",
                    chart, i);
            String tip = tooltip(chart);
            assertEquals(0L, ((Number) b.script("return [...arguments[0].querySelectorAll('div')]"
                    + ".filter(d => d.textContent.includes('穿透')).reduce((n, d) => n + d.querySelectorAll('img, script, svg').length, 0)",
                    chart)).longValue(), "the tooltip holds the names as text, not as elements: " + tip);
            sawHostile |= tip != null && (tip.contains("<img") || tip.contains("<script>") || tip.contains("<svg"));
            noScriptRan();
        }
        assertTrue(sawHostile, "a tooltip showed one of the hostile names");
        b.shoot("70-hostile-names");

        // ECharts' default tooltips (item and axis), as the dashboards use them, with the same names
        b.script("""
                const names = arguments[0];
                const box = document.createElement('div');
                box.style.cssText = 'width:600px;height:300px';
                document.body.append(box);
                const pie = echarts.init(box);
                pie.setOption({tooltip: {}, series: [{type: 'pie', data: names.map((n, i) => ({name: n, value: i + 1}))}]});
                names.forEach((n, i) => pie.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i}));
                const box2 = document.createElement('div');
                box2.style.cssText = 'width:600px;height:300px';
                document.body.append(box2);
                const bars = echarts.init(box2);
                bars.setOption({tooltip: {trigger: 'axis'}, xAxis: {type: 'category', data: names}, yAxis: {type: 'value'},
                  series: [{type: 'bar', name: names[0], data: [1, 2, 3]}]});
                names.forEach((n, i) => bars.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i}));
                window.__boxes = [box, box2];""", List.of(IMG, SCRIPT, SVG));
        b.waitFor(d -> ((Number) b.script("return window.__boxes.filter(x => x.textContent.includes('onerror')"
                + " || x.textContent.includes('script') || x.textContent.includes('svg')).length")).intValue() > 0 ? true : null);
        assertEquals(0L, ((Number) b.script("return window.__boxes.reduce((n, x) => n + x.querySelectorAll('img, script, svg').length, 0)"))
                .longValue(), "default tooltips escape too");
        noScriptRan();
        for (var entry : b.driver.manage().logs().get(LogType.BROWSER)) {
            assertTrue(!entry.getMessage().contains("Content Security Policy"), "nothing had to be blocked: " + entry.getMessage());
        }
    }

    /** The text of the chart's tooltip, if one is showing. */
    private String tooltip(WebElement chart) {
        Object t = b.script("const d = [...arguments[0].querySelectorAll('div')].filter(x => x.textContent.includes('穿透'));"
                + " return d.length ? d[d.length - 1].textContent : null", chart);
        return t == null ? null : t.toString();
    }

    private void noScriptRan() {
        b.script("return new Promise(r => setTimeout(r, 100))"); // a failed image load reports a moment later
        assertNull(b.script("return window.__xss"), "a script from a company's name ran");
    }
}
