package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.reports.generate.Corpus;
import dev.zhiyu.reports.generate.GeneratorModel;
import dev.zhiyu.reports.generate.GeneratorTrainer;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.server.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The models page for the purposes beyond intents, in headless Chromium against the production server: a slot
 * recogniser ({@code ner:}) trained twice from the page on slot corrections, promoted and compared per slot type; a
 * news generator registered as the CLI does, promoted from the page; the reasons matcher's training refused for too
 * few judgments (admin) and not offered to a supervisor, who may not call it.
 */
class ConsoleModelPurposesJourneyTest extends ConsoleJourney {
    private static final String SCENARIO = "account-opening-callback";
    private static final String NER = "ner:" + SCENARIO;
    /** Caller turns with the slot values an annotator gives them: a new type (app) the built-in recogniser lacks. */
    private static final Map<String, Map<String, String>> SLOTS = Map.of(
            "我在同花顺上开的户", Map.of("app", "同花顺"),
            "东方财富那个软件打不开", Map.of("app", "东方财富"),
            "同花顺上面买的春风十里", Map.of("app", "同花顺", "product", "春风十里"),
            "同花顺开户的时候卡住了", Map.of("app", "同花顺"),
            "我在东方财富开的户", Map.of("app", "东方财富"),
            "我买的春风十里怎么赎回", Map.of("product", "春风十里"),
            "春风十里现在收益多少", Map.of("product", "春风十里"),
            "用同花顺开户老是闪退", Map.of("app", "同花顺"),
            "我想换一张卡", Map.of("bank", "招商银行"));

    private Api supervisorApi;
    private Api otherTenant;
    private ModelVersion generator;

    @BeforeAll
    void start() throws Exception {
        startServer(Map.of(), "supervisor", "admin");
        Api operatorApi = key(alpha, "ops", "operator");
        supervisorApi = key(alpha, "sup", "supervisor");
        otherTenant = key(platform.tenants().create("beta", "乙证券", "test"), "b-admin", "admin");
        SLOTS.forEach((text, slots) -> annotate(operatorApi, supervisorApi, SCENARIO, text,
                Map.of("intent", "other", "slots", slots)));
        // what `reports gen-train --register` does, with a tiny network so it takes a moment
        Corpus.Base base = Corpus.base(pdf("民生银行"));
        GeneratorModel tiny = GeneratorTrainer.train(Corpus.training(List.of(base), "无", 4),
                new GeneratorTrainer.Options(3, 8, 1, 1, 16, 1e-2), s -> { });
        generator = server.services().reports().lifecycle(alpha)
                .register(NewsGeneratorKind.candidate(tiny, Map.of("seed", "3")), "cli");
        openBrowser();
    }

    private static Path pdf(String prefix) throws Exception {
        Path dir = Path.of("../../shared/data/reports/pdfs");
        if (!Files.isDirectory(dir)) throw new AssertionError("缺少共享测试数据 " + dir.toAbsolutePath());
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    @BeforeEach
    void signedOut() {
        b.home();
    }

    private void openModels(String role) {
        b.signIn("alpha", role, PASSWORD, role);
        b.find("nav a[data-page=models]").click();
        b.waitFor(d -> b.text("main h1").equals("模型训练"));
    }

    private void choose(String purpose) {
        new Select(b.find("#purpose-form select[name=purpose]")).selectByValue(purpose);
        b.waitFor(d -> purpose.equals(b.find("#versions").getDomAttribute("data-purpose")) ? true : null);
    }

    private String row(String version) {
        return "#versions-table tr[data-version='" + version + "']";
    }

    private void confirm(String buttonCss) {
        b.click(buttonCss);
        b.find("button.confirm").sendKeys(Keys.ENTER);
    }

    /** Submits the training form and waits for the new job to succeed; returns the version it made. */
    private String train() {
        int before = b.all("#job-list li.job").size();
        b.find("#train-form button[type=submit]").click();
        b.waitFor(d -> b.all("#job-list li.job").size() == before + 1 ? true : null);
        String job = b.find("#job-list li.job").getDomAttribute("data-job");
        String item = "#job-list li.job[data-job='" + job + "'] ";
        long t0 = System.nanoTime();
        String status = b.waitFor(Duration.ofSeconds(40), d -> {
            String s = b.find(item).getDomAttribute("data-status");
            return s.equals("QUEUED") || s.equals("RUNNING") ? null : s;
        });
        System.out.printf("ner job %s %s in %.1f s%n", job, status, (System.nanoTime() - t0) / 1e9);
        assertEquals("SUCCEEDED", status, b.text(item));
        assertTrue(b.text(item + "strong").startsWith(NER), b.text(item));
        String version = supervisorApi.get("/api/model-jobs/" + job).json().get("modelId").asText();
        b.waitFor(d -> b.all(row(version)).isEmpty() ? null : true);
        return version;
    }

    private void setNumber(String name, String value) {
        WebElement e = b.find("#train-form input[name=" + name + "]");
        e.clear();
        e.sendKeys(value);
    }

    @Test
    void slotRecognisersAreTrainedPromotedAndComparedAndAGeneratorIsPromoted() {
        openModels("supervisor");
        choose(NER);
        b.find("#versions .state.empty");
        // the ner form offers what NerTraining accepts, nothing of the intent trainer
        assertTrue(b.all("#train-form input[name=iterations]").isEmpty());
        assertTrue(b.all("#train-form select[name=kind]").isEmpty());
        assertTrue(b.text("#training").contains("CRF"), b.text("#training"));
        setNumber("correctionWeight", "21");
        b.find("#train-form button[type=submit]").click();
        b.waitFor(d -> b.find("#train-form input[name=correctionWeight]").getDomAttribute("aria-invalid") != null ? true : null);
        assertEquals(0, supervisorApi.get("/api/model-jobs").json().size(), "nothing was submitted");
        setNumber("correctionWeight", "3");

        String v1 = train();
        JsonNode m1 = supervisorApi.get("/api/models/" + v1).json().get("version").get("metrics");
        String cells = b.text(row(v1));
        assertTrue(cells.contains(String.format(Locale.ROOT, "%.4f", m1.get("macroF1").asDouble())), cells);
        long types = iterable(m1).filter(k -> k.startsWith("f1:")).count();
        WebElement details = b.find(row(v1) + " details.types");
        assertEquals(String.valueOf(types), details.getDomAttribute("data-types"));
        assertTrue(types >= 4, "bank, branch, product and the new app type: " + m1);
        details.click();
        String app = String.format(Locale.ROOT, "%.4f", m1.get("f1:app").asDouble());
        b.waitFor(d -> b.text(row(v1) + " details.types ul").contains("app") ? true : null);
        assertTrue(b.text(row(v1) + " details.types ul").contains(app), b.text(row(v1)));
        b.shoot("70-models-ner-candidate");

        confirm(row(v1) + " button.promote");
        b.waitFor(d -> "LIVE".equals(b.find(row(v1)).getDomAttribute("data-status")) ? true : null);
        assertEquals("LIVE", supervisorApi.get("/api/models/" + v1).json().get("version").get("status").asText());

        new Select(b.find("#train-form select[name=base]")).selectByValue("none");
        String v2 = train();
        assertEquals("none", supervisorApi.get("/api/models/" + v2).json().get("version").get("hyperParameters").get("base").asText());
        assertTrue(b.text(row(v2)).contains(v1.substring(0, 8)), "its parent is v1: " + b.text(row(v2)));

        new Select(b.find("#compare-form select[name=a]")).selectByValue(v1);
        new Select(b.find("#compare-form select[name=b]")).selectByValue(v2);
        b.find("#compare-form button[type=submit]").click();
        b.waitFor(d -> b.find("#delta-chart").getDomAttribute("data-bars") != null);
        b.find("#delta-chart canvas");
        JsonNode cmp = supervisorApi.get("/api/models/compare?a=" + v1 + "&b=" + v2).json();
        assertEquals(cmp.get("types").size(), Integer.parseInt(b.find("#delta-chart").getDomAttribute("data-bars")));
        assertTrue(b.text("#compare-summary").contains("跨度宏平均 F1"), b.text("#compare-summary"));
        assertTrue(b.text("#compare-summary").contains(String.format(Locale.ROOT, "%.4f", cmp.get("macroF1B").asDouble())));
        assertTrue(cmp.get("flipped").size() > 0, cmp.toString());
        assertEquals(cmp.get("flipped").size(), b.all("#flips-table tbody tr").size());
        String firstFlip = cmp.get("flipped").get(0).get("text").asText();
        assertTrue(b.text("#flips-table").contains(firstFlip), b.text("#flips-table"));
        b.shoot("71-models-ner-comparison");

        // the news generator: trained offline, so the page says how, and promotes what was registered
        choose("news-generator");
        assertTrue(b.all("#train-form").isEmpty(), "no training form for the generator");
        assertTrue(b.text("#gen-train-command").contains("reports gen-train --tenant alpha"), b.text("#gen-train-command"));
        assertTrue(b.text("#gen-train-command").contains("--register"));
        String g = row(generator.id());
        assertEquals("CANDIDATE", b.find(g).getDomAttribute("data-status"));
        assertTrue(b.text(g).contains("未评测"), "gen-train registers no BLEU: " + b.text(g));
        assertTrue(b.text(g).contains(String.format(Locale.ROOT, "%.4f", generator.metrics().get("finalLoss"))), b.text(g));
        assertTrue(b.text("#comparison").contains("不做逐例比较"));
        b.shoot("72-models-news-generator");
        confirm(g + " button.promote");
        b.waitFor(d -> "LIVE".equals(b.find(g).getDomAttribute("data-status")) ? true : null);
        assertEquals(generator.id(), server.services().reports().lifecycle(alpha).registry()
                .live(NewsGeneratorKind.PURPOSE).orElseThrow().id());

        // a supervisor may not train the reasons matcher (research role): the control says so
        choose("reasons-matcher");
        b.find("#versions .state.empty");
        assertFalse(b.find("#matcher-train").isEnabled());
        assertTrue(b.text("#matcher-train-why").contains("只有管理员或研究员"), b.text("#matcher-train-why"));
        b.shoot("73-models-matcher-supervisor");

        // another tenant sees none of it
        assertEquals(0, otherTenant.get("/api/models?purpose=" + NER).json().size());
        assertEquals(404, otherTenant.post("/api/models/" + generator.id() + "/promote", Map.of()).status());
    }

    @Test
    void anAdminTrainingTheReasonsMatcherWithTooFewJudgmentsIsToldWhyNextToTheButton() {
        openModels("admin");
        choose("reasons-matcher");
        WebElement train = b.find("#matcher-train");
        assertTrue(train.isEnabled());
        train.click();
        b.waitFor(d -> b.text("#matcher-train-msg").isEmpty() ? null : true);
        String msg = b.text("#matcher-train-msg");
        assertTrue(msg.startsWith("判断不足"), msg);
        assertTrue(msg.contains("至少需要 8 条"), msg);
        assertEquals(0, supervisorApi.get("/api/models?purpose=reasons-matcher").json().size(), "no version was made");
        b.shoot("74-models-matcher-too-few");

        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("Models"));
        choose("reasons-matcher");
        b.find("#matcher-train").click();
        b.waitFor(d -> b.text("#matcher-train-msg").startsWith("Not enough judgments") ? true : null);
        b.shoot("75-models-matcher-english");
        b.find("#lang").click();
        b.waitFor(d -> b.text("main h1").equals("模型训练"));
    }

    private static java.util.stream.Stream<String> iterable(JsonNode metrics) {
        List<String> names = new java.util.ArrayList<>();
        metrics.fieldNames().forEachRemaining(names::add);
        return names.stream();
    }
}
