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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The models page in headless Chromium against the production server: a refused training form, two real small
 * trainings of the shipped scenario watched through the progress bar, promotion, a refused and a real rollback, the
 * comparison of the two versions; a role without the models capability sees neither the entry nor the page.
 */
class ConsoleModelsJourneyTest extends ConsoleJourney {
    private static final String SCENARIO = "account-opening-callback";
    /** Dialect replies the generic model gets wrong, with the intent an annotator gives them. */
    private static final Map<String, String> DIALECT = Map.ofEntries(Map.entry("要得", "affirm"), Map.entry("得嘞得嘞", "affirm"),
            Map.entry("要得噻", "affirm"), Map.entry("中嘞中嘞", "affirm"), Map.entry("阿拉勿要", "not_interested"),
            Map.entry("算球了", "not_interested"), Map.entry("不得行", "not_interested"), Map.entry("拉倒吧不弄", "not_interested"),
            Map.entry("侬是啥人", "ask_identity"), Map.entry("你是哪个", "ask_identity"), Map.entry("侬到底啥人", "ask_identity"),
            Map.entry("你哪个嘛", "ask_identity"));

    private Api supervisorApi;
    private Api otherTenant;

    @BeforeAll
    void start() {
        startServer(Map.of(), "operator", "supervisor");
        Api operatorApi = key(alpha, "ops", "operator");
        supervisorApi = key(alpha, "sup", "supervisor");
        otherTenant = key(platform.tenants().create("beta", "乙证券", "test"), "b-admin", "admin");
        DIALECT.forEach((text, intent) -> annotate(operatorApi, supervisorApi, SCENARIO, text, Map.of("intent", intent)));
        openBrowser();
    }

    @BeforeEach
    void signedOut() {
        b.home();
    }

    private void setNumber(String name, String value) {
        WebElement e = b.find("#train-form input[name=" + name + "]");
        e.clear();
        e.sendKeys(value);
    }

    private String errorOf(String name) {
        WebElement e = b.find("#train-form [name=" + name + "]");
        // an empty error line takes no room, so it is read whether shown or not
        return String.valueOf(b.driver.findElement(By.id(e.getDomAttribute("id") + "-error")).getDomProperty("textContent"));
    }

    /** Submits the form, then samples the new job's progress bar until it ends; returns the job's id. */
    private String trainAndWatch(String shot) {
        int before = b.all("#job-list li.job").size();
        b.find("#train-form button[type=submit]").click();
        b.waitFor(d -> b.all("#job-list li.job").size() == before + 1 ? true : null);
        String job = b.find("#job-list li.job").getDomAttribute("data-job"); // newest first
        String item = "#job-list li.job[data-job='" + job + "'] ";
        List<Integer> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        String status = b.waitFor(Duration.ofSeconds(40), d -> {
            WebElement bar = b.find(item + "[role=progressbar]");
            int now = Integer.parseInt(bar.getDomAttribute("aria-valuenow"));
            if (seen.isEmpty() || seen.get(seen.size() - 1) != now) {
                seen.add(now);
                if (seen.size() == 2 && shot != null) {
                    b.checkAccessibility(shot); // the running job: labels and contrast while it moves
                }
            }
            String s = b.find(item).getDomAttribute("data-status");
            return s.equals("QUEUED") || s.equals("RUNNING") ? null : s;
        });
        int end = Integer.parseInt(b.find(item + "[role=progressbar]").getDomAttribute("aria-valuenow")); // re-drawn meanwhile
        if (end != seen.get(seen.size() - 1)) {
            seen.add(end);
        }
        System.out.printf("job %s %s in %.1f s, progress seen %s%n", job, status, (System.nanoTime() - t0) / 1e9, seen);
        assertEquals("SUCCEEDED", status, b.text(item));
        assertTrue(b.text(item + ".badge").contains("成功"), b.text(item));
        assertEquals(100, seen.get(seen.size() - 1), "ends full: " + seen);
        assertTrue(seen.stream().anyMatch(v -> v > 0 && v < 100), "the bar moved through the run: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "never goes back: " + seen);
        }
        assertFalse(b.all(item + "ol.log li").isEmpty(), "shows its last log lines");
        assertTrue(b.all(item + "button.cancel").isEmpty(), "a finished job offers no cancel");
        return job;
    }

    private String rowStatus(String version) {
        return b.find("#versions-table tr[data-version='" + version + "']").getDomAttribute("data-status");
    }

    private void confirm(String buttonCss) {
        b.click(buttonCss);
        b.find("button.confirm").sendKeys(Keys.ENTER); // focus moved to the confirmation: the keyboard confirms
    }

    @Test
    void supervisorTrainsWatchesProgressPromotesAndRollsBack() throws InterruptedException {
        signIn("supervisor");
        assertTrue(nav().contains("models"), nav().toString());
        b.find("nav a[data-page=models]").click();
        b.waitFor(d -> b.text("main h1").equals("模型训练"));
        b.find("#versions .state.empty");
        b.find("#jobs .state.empty");
        b.shoot("50-models-empty");

        setNumber("iterations", "0");
        setNumber("folds", "abc");
        b.find("#train-form button[type=submit]").click();
        b.waitFor(d -> !errorOf("iterations").isEmpty());
        assertTrue(errorOf("iterations").contains("1–2000"), errorOf("iterations"));
        assertTrue(errorOf("folds").contains("2–10"), errorOf("folds"));
        assertEquals("true", b.find("#train-form input[name=iterations]").getDomAttribute("aria-invalid"));
        assertEquals("", errorOf("seed"), "a good field has no error");
        b.shoot("51-models-bad-input");
        Thread.sleep(300);
        assertEquals(0, supervisorApi.get("/api/model-jobs").json().size(), "nothing was submitted");

        // small, but long enough on 2 cores for the bar to be seen between its ends
        setNumber("folds", "2");
        setNumber("iterations", "40");
        setNumber("correctionWeight", "1");
        String first = trainAndWatch("52-models-training");
        assertEquals("", errorOf("iterations"), "the error left with the bad value");
        JsonNode job1 = supervisorApi.get("/api/model-jobs/" + first).json();
        assertEquals("40", job1.get("hyperParameters").get("iterations").asText(), job1.toString());
        String v1 = job1.get("modelId").asText();
        b.waitFor(d -> !b.all("#versions-table tr[data-version='" + v1 + "']").isEmpty());
        assertEquals("CANDIDATE", rowStatus(v1));
        assertTrue(b.text("#versions-table tr[data-version='" + v1 + "']").contains("候选"));
        b.shoot("53-models-candidate");

        b.click("#versions-table tr[data-version='" + v1 + "'] button.promote");
        b.find("button.confirm");
        b.click("button.confirm + button.secondary"); // cancelled: nothing changes
        assertEquals("CANDIDATE", rowStatus(v1));
        assertEquals("CANDIDATE", supervisorApi.get("/api/models/" + v1).json().get("version").get("status").asText());
        confirm("#versions-table tr[data-version='" + v1 + "'] button.promote");
        b.waitFor(d -> "LIVE".equals(rowStatus(v1)));
        assertTrue(b.text("#versions-table tr[data-version='" + v1 + "']").contains("线上"));
        assertEquals("LIVE", supervisorApi.get("/api/models/" + v1).json().get("version").get("status").asText());
        // the only version ever live has nothing to roll back to: the button says so instead of failing
        assertFalse(b.find("#rollback").isEnabled());
        assertTrue(b.text("#rollback-why").contains("没有可回滚到的版本"), b.text("#rollback-why"));
        b.shoot("54-models-live");

        setNumber("correctionWeight", "10");
        String second = trainAndWatch(null);
        String v2 = supervisorApi.get("/api/model-jobs/" + second).json().get("modelId").asText();
        b.waitFor(d -> !b.all("#versions-table tr[data-version='" + v2 + "']").isEmpty());
        assertTrue(b.text("#versions-table tr[data-version='" + v2 + "']").contains(v1.substring(0, 8)), "its parent is v1");
        confirm("#versions-table tr[data-version='" + v2 + "'] button.promote");
        b.waitFor(d -> "LIVE".equals(rowStatus(v2)) && "RETIRED".equals(rowStatus(v1)));
        assertTrue(b.text("#versions-table tr[data-version='" + v1 + "']").contains("已退役"));
        assertTrue(b.text("#rollback-why").contains(v1.substring(0, 8)), "names what a rollback restores: " + b.text("#rollback-why"));
        confirm("#rollback");
        b.waitFor(d -> "LIVE".equals(rowStatus(v1)) && "RETIRED".equals(rowStatus(v2)));
        assertEquals("LIVE", supervisorApi.get("/api/models/" + v1).json().get("version").get("status").asText());
        b.shoot("55-models-rolled-back");

        // a long training is cancelled from its row: it ends 已取消 and makes no version
        WebElement epochs = b.all("#train-form input[name=epochs]").get(0);
        assertFalse(epochs.isDisplayed(), "neural-only settings are hidden for maxent");
        Select kind = new Select(b.find("#train-form select[name=kind]"));
        kind.selectByValue("neural");
        b.waitFor(d -> epochs.isDisplayed());
        kind.selectByValue("maxent");
        setNumber("folds", "10");
        setNumber("iterations", "2000");
        int before = b.all("#job-list li.job").size();
        b.find("#train-form button[type=submit]").click();
        b.waitFor(d -> b.all("#job-list li.job").size() == before + 1 ? true : null);
        String long_ = b.find("#job-list li.job").getDomAttribute("data-job");
        String item = "#job-list li.job[data-job='" + long_ + "'] ";
        b.waitFor(d -> "RUNNING".equals(b.find(item).getDomAttribute("data-status")) ? true : null);
        b.click(item + "button.cancel");
        b.waitFor(d -> "CANCELLED".equals(b.find(item).getDomAttribute("data-status")) ? true : null);
        assertTrue(b.text(item + ".badge").contains("已取消"), b.text(item));
        assertEquals("CANCELLED", supervisorApi.get("/api/model-jobs/" + long_).json().get("status").asText());
        assertEquals(2, supervisorApi.get("/api/models?purpose=intent:" + SCENARIO).json().size(), "a cancelled job makes no version");

        // no job runs: the page stopped asking
        b.waitFor(d -> "false".equals(b.find("#jobs").getDomAttribute("data-polling")));
        String count = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/model-jobs/')).length";
        long polls = ((Number) b.script(count)).longValue();
        Thread.sleep(2500);
        assertEquals(polls, ((Number) b.script(count)).longValue(), "no polling while no job runs");

        b.find("#compare-form select[name=a]");
        new Select(b.find("#compare-form select[name=a]")).selectByValue(v1);
        new Select(b.find("#compare-form select[name=b]")).selectByValue(v2);
        b.find("#compare-form button[type=submit]").click();
        b.waitFor(d -> b.find("#delta-chart").getDomAttribute("data-bars") != null);
        b.find("#delta-chart canvas");
        JsonNode cmp = supervisorApi.get("/api/models/compare?a=" + v1 + "&b=" + v2).json();
        assertEquals(cmp.get("intents").size(), Integer.parseInt(b.find("#delta-chart").getDomAttribute("data-bars")));
        assertTrue(b.text("#compare-summary").contains(String.format("%.4f", cmp.get("macroF1B").asDouble())), b.text("#compare-summary"));
        assertEquals(cmp.get("flipped").size(), b.all("#flips-table tbody tr").size(), cmp.get("flipped").toString());
        b.shoot("56-models-comparison");

        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("Models"));
        b.find("#versions-table");
        b.shoot("57-models-english");
        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("模型训练"));

        // another tenant sees none of it
        assertEquals(0, otherTenant.get("/api/model-jobs").json().size());
        assertEquals(404, otherTenant.get("/api/models/" + v1).status());
    }

    @Test
    void aRoleWithoutTheModelsCapabilitySeesNeitherTheEntryNorThePage() {
        signIn("operator");
        assertFalse(nav().contains("models"), nav().toString());
        b.go("models");
        b.waitFor(d -> b.text("main h1").equals("无权访问"));
        assertTrue(b.text("main [role=alert]").contains("当前角色不能使用此页面"), b.text("main"));
        assertTrue(b.all("#train-form").isEmpty());
        b.shoot("58-models-no-access");
    }
}
