package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The screenshot and DOM review of every page: a tenant with a finished task (so dashboards have data) and a small
 * graph, every page of the admin visited in Chinese at 1366×768 and 390 px, and on each: no internal id visible (the
 * label catalogue's keys, any snake_case or kebab-case word outside {@code <code>}), no horizontal overflow, no chart
 * left empty or naming ids on its canvas; the navigation on one line at 1366 px; the task form showing the API's
 * defaults; English problems when English is chosen.
 */
class ConsoleReviewJourneyTest extends ConsoleJourney {
    private static final String KG = """
            {"entities": [
              {"kind": "person", "name": "张三"},
              {"kind": "company", "code": "Q1001", "name": "甲控股集团有限公司"},
              {"kind": "company", "code": "Q1003", "name": "丙科技股份有限公司", "listing_code": "688001", "region": "上海"}],
             "shareholdings": [
              {"holder": "张三", "company": "Q1001", "equity_pct": 70}, {"holder": "Q1001", "company": "Q1003", "equity_pct": 55}]}
            """;
    /**
     * Words a Chinese page may show in Latin lower case: none but literals inside {@code <code>} and what people named
     * themselves ({@code translate="no"}).
     */
    private static final String IDS = """
            const keys = new Set(arguments[0]);
            const idLike = /(^|[^A-Za-z0-9])([a-z][a-z0-9]*(?:[_-][a-z0-9]+)+|[a-z]{3,})(?=$|[^A-Za-z0-9])/g;
            const out = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const e = n.parentElement;
              if (!e || e.closest('code, kbd, script, style, [hidden], [translate=no], option:not(:checked)')) continue;
              if (e.closest('select') && !e.closest('option')) continue;
              if (!e.closest('select') && e.getClientRects().length === 0) continue;
              for (const m of n.textContent.matchAll(idLike)) {
                const w = m[2];
                if (w.includes('_') || w.includes('-') || keys.has(w)) out.push(w + ' in "' + n.textContent.trim().slice(0, 60) + '"');
              }
            }
            return out;""";
    /** Every chart drawn: a canvas, items when it says how many, and no id among its category, legend and data names. */
    private static final String CHARTS = """
            const keys = new Set(arguments[0]);
            const bad = [];
            for (const el of document.querySelectorAll('.chart')) {
              if (el.getClientRects().length === 0) continue;
              const c = window.echarts && echarts.getInstanceByDom(el);
              if (!c || !el.querySelector('canvas')) { bad.push((el.id || el.getAttribute('aria-label')) + ': not drawn'); continue; }
              if (el.dataset.items === '0') bad.push((el.id || el.getAttribute('aria-label')) + ': empty');
              const o = c.getOption();
              const names = [].concat(...(o.yAxis || []).map(a => a.data || []), ...(o.xAxis || []).map(a => a.data || []),
                ...(o.series || []).map(s => [s.name, ...(s.data || []).map(d => d && d.name)]));
              for (const n of names) if (typeof n === 'string' && (keys.has(n) || /^[a-z]+[_-][a-z_-]+$/.test(n))) bad.push(el.getAttribute('aria-label') + ': ' + n);
            }
            return bad;""";

    private Api operatorApi;
    private String taskId;
    private List<String> ids;

    @BeforeAll
    void start() throws Exception {
        startServer(Map.of("zhiyu.reports.review", "true", "zhiyu.telephony.demo.time.scale", "0.1"),
                "admin", "operator", "supervisor", "researcher");
        operatorApi = key(alpha, "ops", "operator");
        Api admin = key(alpha, "kg", "admin");
        assertEquals(200, admin.postRaw("/api/kg/import?format=tables", KG, "application/json").status());
        StringBuilder rows = new StringBuilder("手机号,customer_name,stop_step\n");
        for (int i = 0; i < 6; i++) {
            rows.append(13800400000L + i).append(",客户").append(i).append(',').append(i % 5 + 1).append('\n');
        }
        String list = operatorApi.postRaw("/api/calls/lists?name=review", rows.toString(), "text/csv").json().get("listId").asText();
        Api.Response task = operatorApi.post("/api/tasks", Map.of("name", "巡检任务", "listId", list, "windowStart", "00:00",
                "windowEnd", "24:00", "maxConcurrent", 3, "maxAttempts", 1));
        assertEquals(201, task.status(), task.toString());
        taskId = task.json().get("id").asText();
        assertEquals(200, operatorApi.post("/api/tasks/" + taskId + "/start", Map.of()).status());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!operatorApi.get("/api/tasks/" + taskId).json().get("status").asText().equals("COMPLETED")) {
            assertTrue(System.nanoTime() < deadline, "the review task did not finish");
            Thread.sleep(250);
        }
        ids = new ArrayList<>();
        JsonNode labels = operatorApi.get("/api/labels").json();
        for (String kind : List.of("intent", "stage", "callState", "role", "problem")) {
            labels.get(kind).fieldNames().forEachRemaining(ids::add);
        }
        openBrowser();
    }

    @Test
    void everyPageInChineseShowsNoIdNoOverflowAndNoEmptyChart() {
        b.home();
        signIn("admin");
        List<String> pages = nav();
        assertEquals(13, pages.size(), pages.toString());
        navOnOneLine();
        b.find("#lang").click(); // the English names are longer: they must fit as well
        b.waitFor(d -> b.text("nav a[data-page=lists]").equals("Call lists"));
        navOnOneLine();
        b.find("#lang").click();
        b.waitFor(d -> b.text("nav a[data-page=lists]").equals("名单"));
        List<String> problems = new ArrayList<>();
        for (String page : pages) {
            b.go(page);
            b.waitFor(d -> !b.all("main h1").isEmpty() && b.all(".state.loading").isEmpty());
            if (page.equals("dashboard")) {
                new Select(b.find("select[name=task]")).selectByValue(taskId);
                b.waitFor(Duration.ofSeconds(20), d -> b.all("#dashboard .chart").stream()
                        .allMatch(c -> !c.findElements(org.openqa.selenium.By.tagName("canvas")).isEmpty()) ? true : null);
                assertFalse(b.all("[data-legend=outcome] dt").isEmpty(), "the outcomes are explained under their chart");
            }
            review(page, problems);
        }
        b.go("companies/Q1003");
        b.waitFor(d -> b.text("main h1").equals("丙科技股份有限公司"));
        review("company-profile", problems);
        assertEquals(List.of(), problems, "ids, overflow or empty charts on the admin's pages in Chinese");
    }

    @Test
    void theTaskFormShowsTheApisDefaultsAndTheScenarioByName() {
        b.home();
        signIn("operator");
        b.go("tasks");
        JsonNode d = operatorApi.get("/api/tasks/defaults").json();
        for (String f : List.of("maxConcurrent", "callsPerSecond", "maxAttempts", "windowStart", "windowEnd")) {
            assertEquals(d.get(f).asText(), b.find("#task-form input[name=" + f + "]").getDomProperty("value"), f);
        }
        Select scenario = new Select(b.find("#task-form select[name=scenario]"));
        assertEquals(d.get("scenario").asText(), scenario.getFirstSelectedOption().getDomAttribute("value"));
        assertEquals("开户断点回访", scenario.getFirstSelectedOption().getText());
        b.waitFor(d2 -> b.text("#tasks-table").contains("开户断点回访") ? true : null);
    }

    @Test
    void theWallAgreesWithTheTasksAndProblemsComeInEnglishWhenChosen() throws Exception {
        b.home();
        signIn("supervisor");
        b.go("wall");
        b.find("#wall-empty");
        b.waitFor(d -> "0".equals(b.find("#wall-empty").getDomAttribute("data-running")) ? true : null);
        String list = operatorApi.postRaw("/api/calls/lists?name=wall2", "手机号,customer_name,stop_step\n13800500001,客户,2\n",
                "text/csv").json().get("listId").asText();
        String idle = operatorApi.post("/api/tasks", Map.of("name", "等待中的任务", "listId", list, "windowStart", "00:00",
                "windowEnd", "00:01", "maxAttempts", 1)).json().get("id").asText(); // running, outside its window: no call
        assertEquals(200, operatorApi.post("/api/tasks/" + idle + "/start", Map.of()).status());
        b.waitFor(Duration.ofSeconds(10), d -> "1".equals(b.find("#wall-empty").getDomAttribute("data-running")) ? true : null);
        assertFalse(b.text("#wall-empty").contains("当前没有进行中的任务"), "a running task is never called none: " + b.text("#wall-empty"));
        assertTrue(b.text("#wall-tasks").contains("等待中的任务"), b.text("#wall-tasks"));
        b.shoot("80-wall-running-no-calls");
        operatorApi.post("/api/tasks/" + idle + "/stop", Map.of());

        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("Live wall"));
        b.go("tasks");
        WebElement end = b.find("#task-form input[name=windowEnd]");
        end.clear();
        end.sendKeys("25:00");
        b.find("#task-form button[type=submit]").click();
        String error = b.waitFor(d -> {
            String s = b.text("#" + end.getDomAttribute("id") + "-error");
            return s.isEmpty() ? null : s;
        });
        assertFalse(error.matches("(?s).*[\\u4e00-\\u9fa5].*"), "the server's message in English: " + error);
        b.shoot("81-task-error-english");
        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("任务"));
    }

    private void navOnOneLine() {
        @SuppressWarnings("unchecked")
        List<Number> tops = (List<Number>) b.script("return [...document.querySelectorAll('#nav a')].map(a => Math.round(a.getBoundingClientRect().top))");
        assertEquals(1, new TreeSet<>(tops.stream().map(Number::longValue).toList()).size(), "the admin's 13 pages on one line at 1366 px: " + tops + " " + b.text("#nav"));
        Number right = (Number) b.script("return Math.max(...[...document.querySelectorAll('#nav a')].map(a => a.getBoundingClientRect().right))");
        assertTrue(right.doubleValue() <= 1366, "the navigation fits 1366 px: " + right);
    }

    private void review(String page, List<String> problems) {
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) b.script(IDS, ids);
        shown.forEach(w -> problems.add(page + ": id " + w));
        Number overflow = (Number) b.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow.intValue() > 0) {
            problems.add(page + ": overflows 1366 px by " + overflow);
        }
        if (!b.all(".chart").isEmpty()) {
            b.waitFor(Duration.ofSeconds(10), d -> Boolean.TRUE.equals(b.script("return !!window.echarts")) ? true : null);
        }
        b.driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).forEach(entry -> {
            if (entry.getMessage().contains("Uncaught")) {
                problems.add(page + ": script error " + entry.getMessage());
            }
        });
        @SuppressWarnings("unchecked")
        List<String> charts = (List<String>) b.script(CHARTS, ids);
        charts.forEach(c -> problems.add(page + ": chart " + c));
        b.shoot("90-review-" + page);
    }
}
