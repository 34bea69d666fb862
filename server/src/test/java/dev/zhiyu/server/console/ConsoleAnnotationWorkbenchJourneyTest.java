package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.models.Correction;
import dev.zhiyu.models.Purposes;
import dev.zhiyu.server.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * An annotator works the queue with the keyboard only: digits pick an intent, / searches, M marks a slot (a problem
 * slot's value chosen, a time typed or selected in the sentence), Enter saves, S skips, U and Ctrl+Z undo. The same sentence said in three calls (with different punctuation) is one item labelled once for all
 * three; the model's guess is shown only when it is sure; what the page saved is what the store holds; the labelled
 * sentences leave this annotator's queue and stay in another's (two annotators judge each turn). A second annotator
 * labelling a sentence differently, intent or slot, shows up as a conflict.
 */
class ConsoleAnnotationWorkbenchJourneyTest extends ConsoleJourney {
    private static final String SCENARIO = "account-opening-callback";
    private static final String SAME = "隔壁那家送话费";
    private static final List<String> TEXTS = List.of("那个什么来着", "你们这个东西怎么弄的", "等会儿我在开车", "喂喂喂听得到吗那边",
            "我也搞不懂这个", "上次有人打过了", "你说慢一点", "这个要多少钱", "跟我老婆商量一下", "我手机快没电了", "我在外面信号不好",
            "你们公司在哪里", "昨天晚上弄到一半", "这个安全吗会不会被盗", "我年纪大了看不清字", "App 老是闪退",
            "我换了个手机号", "身份证过期了还能用吗", "视频那一步一直转圈", "银行卡绑不上去", "风险测评选错了能改吗", "密码设了几次都不行",
            "你是哪个营业部的", "开户要去柜台吗", "我想问问佣金多少", "能不能周末办", "我朋友介绍的", "我家楼下就有营业厅",
            "上个月买了点基金", "我女儿帮我弄的", "同事说你们手续费低", "我的卡是农业银行的", "今天大盘跌了好多", "我在地铁上",
            "我之前在别家开过户", "我用的是苹果手机", "我老家是湖南的", "这个月工资还没发", "网上说你们送股票", "摄像头好像坏了",
            "我平时不怎么炒股", "那天下雨没出门", "我弟弟也想开一个", "人脸识别老失败", "我家网络是电信的");

    private Api supervisorApi;

    @BeforeAll
    void start() {
        startServer(Map.of(), "supervisor");
        Api operator = key(alpha, "ops", "operator");
        supervisorApi = key(alpha, "sup2", "supervisor");
        for (String text : TEXTS) {
            say(operator, text);
        }
        for (String variant : List.of(SAME, SAME + "。", SAME + "！")) {
            say(operator, variant);
        }
        JsonNode items = supervisorApi.get("/api/annotations/workbench?scenario=" + SCENARIO + "&limit=200").json();
        assertTrue(items.size() >= 21, "at least 21 distinct sentences queued, got " + items.size() + ": " + items);
        JsonNode same = null;
        for (JsonNode i : items) {
            if (i.get("text").asText().startsWith(SAME)) {
                assertTrue(same == null, "one item for the three copies: " + items);
                same = i;
            }
        }
        assertTrue(same != null && same.get("count").asInt() == 3 && same.get("turns").size() == 3, String.valueOf(same));
        openBrowser();
    }

    private static void say(Api operator, String text) {
        Api.Response s = operator.post("/api/dialog/sessions", Map.of("scenario", SCENARIO,
                "variables", Map.of("customer_name", "王先生", "stop_step", "4")));
        assertEquals(201, s.status(), s.toString());
        String session = s.json().get("sessionId").asText();
        assertEquals(200, operator.post("/api/dialog/sessions/" + session + "/turns", Map.of("text", text)).status());
        operator.delete("/api/dialog/sessions/" + session);
    }

    private void press(CharSequence... keys) {
        new Actions(b.driver).sendKeys(keys).perform();
    }

    private String shownText() {
        return b.find("#wb-text").getText();
    }

    /** The slots the page shows as marked for the current sentence. */
    private Map<String, String> marked() {
        Map<String, String> out = new HashMap<>();
        b.all("#wb-slots li[data-slot]").forEach(li -> out.put(li.getDomAttribute("data-slot"), li.getDomAttribute("data-value")));
        return out;
    }

    private String active() {
        return b.driver.switchTo().activeElement().getDomAttribute("id");
    }

    /** M, then Enter from the slot to its value, then Enter marks it. */
    private void markSlot(String slot, CharSequence... typed) {
        press("m");
        b.waitFor(d -> "wb-slot".equals(active()));
        if (slot.equals("callback_time") && !"callback_time".equals(b.find("#wb-slot").getDomProperty("value"))) {
            press(Keys.ARROW_DOWN);
            b.waitFor(d -> "callback_time".equals(b.find("#wb-slot").getDomProperty("value")));
        }
        press(Keys.ENTER);
        b.waitFor(d -> "wb-slot-value".equals(active()));
        if (typed.length > 0) {
            press(typed);
        }
        press(Keys.ENTER);
        b.waitFor(d -> marked().containsKey(slot) ? true : null);
    }

    private String chosen() {
        var sel = b.all("#wb-options li[aria-selected=true]");
        return sel.isEmpty() ? null : sel.getFirst().getDomAttribute("data-intent");
    }

    @Test
    void anAnnotatorLabelsTwentySentencesWithTheKeyboardOnly() {
        b.home();
        signIn("supervisor");
        Map<String, Integer> counts = new HashMap<>();
        JsonNode before = supervisorApi.get("/api/annotations/workbench?scenario=" + SCENARIO + "&limit=200").json();
        before.forEach(i -> counts.put(i.get("text").asText(), i.get("count").asInt()));
        b.go("annotations");
        b.find("#wb-text");
        Map<String, String> saved = new HashMap<>();
        Map<String, Map<String, String>> savedSlots = new HashMap<>();
        boolean undone = false;
        boolean ctrlZ = false;
        Pattern percent = Pattern.compile("（(\\d+)%）");
        int round = 0;
        while (saved.size() < 20) {
            String text = shownText();
            String suggestion = b.text("#wb-suggestion");
            Matcher m = percent.matcher(suggestion);
            if (m.find()) {
                assertTrue(Integer.parseInt(m.group(1)) >= 60, "a guess is shown only when the model is sure: " + suggestion);
            }
            round++;
            if (round == 2) { // skip: the sentence goes to the back of the queue
                press("s");
                b.waitFor(d -> !shownText().equals(text));
                continue;
            }
            String intent;
            if (round == 4) { // search by id or name, Enter picks the first match
                press("/");
                b.waitFor(d -> "wb-search".equals(b.driver.switchTo().activeElement().getDomAttribute("id")));
                press("deny", Keys.ENTER);
                intent = "deny";
            } else {
                int n = 1 + round % 9;
                intent = b.all("#wb-options li").get(n - 1).getDomAttribute("data-intent");
                press(String.valueOf(n));
            }
            String expected = intent;
            b.waitFor(d -> expected.equals(chosen()));
            if (round == 3) { // a problem slot: its first value, keys only
                markSlot("problem");
            } else if (round == 7) { // a time typed: a span of the sentence
                markSlot("callback_time", text.substring(0, 2));
                assertEquals(text.substring(0, 2), marked().get("callback_time"));
            } else if (round == 9) { // a span selected in the sentence fills the value
                b.script("const n = document.getElementById('wb-text').firstChild; const r = document.createRange();"
                        + " r.setStart(n, 1); r.setEnd(n, 3); const s = getSelection(); s.removeAllRanges(); s.addRange(r);");
                b.waitFor(d -> text.substring(1, 3).equals(b.find("#wb-slot-value").getDomProperty("value")) ? true : null);
                markSlot("callback_time");
                assertEquals(text.substring(1, 3), marked().get("callback_time"));
            }
            savedSlots.put(text, marked());
            press(Keys.ENTER);
            b.waitFor(d -> b.text("#wb-progress").startsWith("已标注 " + (saved.size() + 1) + " "));
            saved.put(text, intent);
            if (saved.size() == 5 && !undone) { // undo brings the sentence back; labelled again later
                undone = true;
                press("u");
                b.waitFor(d -> shownText().equals(text) && b.text("#wb-progress").startsWith("已标注 4 "));
                saved.remove(text);
            }
            if (saved.size() == 8 && !ctrlZ) {
                ctrlZ = true;
                new Actions(b.driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
                b.waitFor(d -> shownText().equals(text) && b.text("#wb-progress").startsWith("已标注 7 "));
                saved.remove(text);
            }
        }
        b.shoot("80-annotation-workbench");
        assertTrue(saved.containsValue("deny"), saved.toString());
        assertTrue(savedSlots.values().stream().filter(m -> m.containsKey("callback_time")).count() >= 2
                && savedSlots.values().stream().anyMatch(m -> m.containsKey("problem")), savedSlots.toString());

        List<Correction> stored = server.services().models().of(alpha).annotations().corrections(Purposes.intent(SCENARIO))
                .stream().filter(c -> c.annotator().startsWith("user:")).toList(); // the browser's annotator, not the API keys
        Map<String, String> byText = new HashMap<>();
        Map<String, Map<String, String>> slotsByText = new HashMap<>();
        stored.forEach(c -> byText.put(c.text(), c.intent()));
        stored.forEach(c -> slotsByText.put(c.text(), c.slots()));
        saved.forEach((text, intent) -> assertEquals(intent, byText.get(text), "stored as chosen: " + text));
        saved.keySet().forEach(text -> assertEquals(savedSlots.get(text), slotsByText.get(text), "slots stored as marked: " + text));
        saved.keySet().forEach(text -> assertEquals(counts.get(text), (int) stored.stream()
                .filter(c -> c.text().replaceAll("[。！]$", "").equals(text.replaceAll("[。！]$", ""))).count(),
                "one label for every copy of " + text));
        assertEquals(stored.size(), stored.stream().map(c -> c.sessionId() + "#" + c.turnIndex()).distinct().count(),
                "undone labels are gone, none twice");
        int forOthers = supervisorApi.get("/api/annotations/workbench?scenario=" + SCENARIO + "&limit=200").json().size();
        assertEquals(before.size(), forOthers, "the sentences stay queued for a second annotator");
        b.go("models");
        b.go("annotations");
        b.waitFor(d -> b.text("#wb-progress").endsWith("待标注 " + (before.size() - 20)) ? true : null);
    }

    @Test
    void twoAnnotatorsDisagreeingOnASentenceIsAConflict() {
        JsonNode items = supervisorApi.get("/api/annotations/workbench?scenario=" + SCENARIO + "&limit=200").json();
        JsonNode item = items.get(items.size() - 1);
        String text = item.get("text").asText();
        List<Map<String, Object>> half = new ArrayList<>();
        item.get("turns").forEach(t -> half.add(Map.of("sessionId", t.get("sessionId").asText(), "turnIndex",
                t.get("turnIndex").asInt())));
        Api other = key(alpha, "sup3", "supervisor");
        Api.Response mine = supervisorApi.post("/api/annotations/batch", Map.of("turns", half, "intent", "affirm",
                "slots", Map.of("problem", "sms_code_missing")));
        assertEquals(201, mine.status(), mine.toString());
        assertEquals(201, other.post("/api/annotations/batch", Map.of("turns", half, "intent", "deny")).status());
        JsonNode agreement = other.get("/api/annotations/agreement?scenario=" + SCENARIO).json();
        assertTrue(agreement.get("texts").asInt() >= 1, agreement.toString());
        assertTrue(agreement.get("conflicts").toString().contains(text), agreement.toString());
        assertNotEquals(agreement.get("texts").asInt(), agreement.get("agreed").asInt());

        Api.Response notMine = other.post("/api/annotations/withdrawals",
                Map.of("ids", List.of(mine.json().get(0).get("id").asLong())));
        assertEquals(404, notMine.status(), "only one's own labels can be taken back: " + notMine);

        b.home();
        signIn("supervisor");
        b.go("annotations");
        b.find("button[data-tab=agreement]").click();
        b.waitFor(d -> b.text("#wb-conflicts").contains(text));
        assertTrue(b.all("#wb-conflicts li").size() >= 2, "each annotator's verdict is listed");
        assertTrue(b.text("#wb-conflicts").contains("遇到的问题 = 收不到短信验证码"), "with the slots marked, by name: "
                + b.text("#wb-conflicts"));
        b.shoot("81-annotation-conflicts");
    }
}
