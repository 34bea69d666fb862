package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issues 9 and 10 in headless Chromium on an uploaded sample report: choosing a value outlines its cell on the
 * original page (inside the image, following the choice, at desktop and phone widths), and a researcher accepts one
 * anomaly's explanation, replaces another's with a candidate sentence, sees a refusal next to the control and a
 * conflict with another annotator flagged; the API history holds exactly what was saved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleExplanationJourneyTest {
    private ReviewFixture f;
    private Browser b;

    @AfterAll
    void stop() {
        if (f != null) f.close();
    }

    @RegisterExtension
    final TestWatcher dumpOnFailure = Browser.dumpOnFailure(() -> b);

    @Test
    void aChosenValueIsOutlinedOnThePageAndExplanationsAreJudged() throws Exception {
        // not the bank report: its one candidate sentence is the match of both anomalies, so there is nothing to switch to
        f = ReviewFixture.start("2025-08__引力传媒");
        b = f.browser;
        Api api = f.api;
        Api otherResearcher = f.researcher("另一位研究员");
        long id = f.reportId;
        b.go("news/" + id);
        WebElement image = b.find("#page-image");
        b.waitFor(d -> loaded(image) ? true : null);

        // 1. the cited cell, outlined over the page
        List<WebElement> values = b.all("#indicators button.cell-link");
        assertTrue(values.size() >= 2, "indicators with cited cells: " + values.size());
        values.get(0).click();
        WebElement mark = b.find("#cell-mark");
        String label = mark.getDomAttribute("aria-label");
        assertTrue(label.matches("第 \\d+ 页 表格单元格：.+ 本期"), label);
        assertTrue(b.text("#cell-note").contains(label), b.text("#cell-note"));
        assertEquals("true", values.get(0).getDomAttribute("aria-pressed"));
        double[] first = inside(image, mark);
        b.shoot("62-news-review-cited-cell");

        WebElement other = values.get(1);
        String otherCell = other.getDomAttribute("data-cell");
        other.sendKeys(Keys.ENTER); // keyboard
        b.waitFor(d -> otherCell.equals(attr("#cell-mark", "data-cell")) && loaded(image) ? true : null);
        WebElement moved = b.find("#cell-mark");
        assertNotEquals(label, moved.getDomAttribute("aria-label"));
        assertTrue(b.text("#cell-note").contains(moved.getDomAttribute("aria-label")), b.text("#cell-note"));
        double[] second = inside(image, moved);
        assertNotEquals(first[0] + "," + first[1], second[0] + "," + second[1], "the outline follows the chosen value");
        b.viewport(390, 844);
        b.waitFor(d -> Math.abs(inside(image, b.find("#cell-mark"))[0] - second[0]) < 0.01 ? true : null); // scales with the image
        b.viewport(1366, 768);

        // 2. explanation judgments
        JsonNode review = api.get("/api/reports/" + id + "/explanations").json();
        JsonNode anomalies = review.get("anomalies");
        assertTrue(anomalies.size() >= 2, "the sample has several anomalies: " + anomalies);
        int accepted = -1;
        for (JsonNode a : anomalies) if (accepted < 0 && !a.get("matchedSentence").isNull()) accepted = a.get("anomalyIndex").asInt();
        final int acceptedIndex = accepted;
        assertTrue(accepted >= 0, "some anomaly has a matched explanation: " + anomalies);
        int replaced = accepted == 0 ? 1 : 0;
        String item = "#anomalies li[data-anomaly='" + accepted + "'] ";
        b.find(item + "button[data-verdict=accept]").sendKeys(Keys.ENTER);
        b.waitFor(d -> b.all(item + ".judgments li[data-verdict=ACCEPT]").size() == 1 ? true : null);
        assertTrue(b.text(item + ".judgments").contains("采纳"), b.text(item + ".judgments"));

        String other2 = "#anomalies li[data-anomaly='" + replaced + "'] ";
        b.click(other2 + "button[data-action=swap]");
        Select choice = new Select(b.find(other2 + "select[name=sentence]"));
        assertTrue(choice.getOptions().size() >= 2, "candidate sentences to choose from");
        b.find(other2 + "button[type=submit]").click(); // nothing chosen: said next to the list, nothing sent
        assertTrue(b.text(other2 + ".field-error").contains("请先选择"), b.text(other2 + ".field-error"));
        choice.selectByIndex(1);
        String sentence = choice.getFirstSelectedOption().getDomAttribute("value");
        b.find(other2 + "button[type=submit]").click();
        b.waitFor(d -> b.all(other2 + ".judgments li[data-verdict=REJECT]").size() == 1 ? true : null);
        assertTrue(b.text(other2 + ".judgments").contains("换为"), b.text(other2 + ".judgments"));

        JsonNode h1 = api.get("/api/reports/" + id + "/anomalies/" + accepted + "/explanation/annotations").json();
        JsonNode h2 = api.get("/api/reports/" + id + "/anomalies/" + replaced + "/explanation/annotations").json();
        assertEquals(1, h1.size(), h1.toString());
        assertEquals("ACCEPT", h1.get(0).get("verdict").asText());
        assertTrue(h1.get(0).get("annotator").asText().contains("研究员（测试）"), h1.toString());
        assertEquals(1, h2.size(), h2.toString());
        assertEquals("REJECT", h2.get(0).get("verdict").asText());
        assertEquals(sentence, h2.get(0).get("chosenSentence").asText());

        // the server refuses a sentence that is not (any longer) one of the report's candidates: shown at the list
        b.click(other2 + "button[data-action=swap]");
        WebElement select = b.find(other2 + "select[name=sentence]");
        b.script("const o = arguments[0].options[1]; o.value = '报告里没有的一句话。'; arguments[0].value = o.value;", select);
        b.find(other2 + "button[type=submit]").click();
        b.waitFor(d -> b.text(other2 + ".field-error").contains("候选解释") ? true : null);
        assertEquals("true", select.getDomAttribute("aria-invalid"));
        assertTrue(select.isEnabled(), "the controls are usable again after a refusal");
        assertEquals(1, api.get("/api/reports/" + id + "/anomalies/" + replaced + "/explanation/annotations").json().size(),
                "nothing saved by a refused judgment");

        // another annotator names a different sentence for the accepted anomaly: a conflict, flagged on the page
        String matched = anomalies.get(accepted).get("matchedSentence").asText();
        String different = null;
        for (JsonNode c : review.get("candidates")) if (different == null && !c.asText().equals(matched)) different = c.asText();
        var disagree = otherResearcher.post("/api/reports/" + id + "/anomalies/" + accepted + "/explanation",
                Map.of("verdict", "reject", "sentence", different));
        assertEquals(201, disagree.status(), disagree.body());
        b.go("news");
        b.waitFor(d -> b.text("main h1").equals("快讯"));
        b.go("news/" + id);
        b.waitFor(d -> b.all("#conflict-" + acceptedIndex).isEmpty() ? null : true);
        assertTrue(b.text("#conflict-" + accepted).contains("标注冲突"), b.text("#conflict-" + accepted));
        assertEquals(2, b.all(item + ".judgments li").size());
        assertTrue(b.all("#conflict-" + replaced).isEmpty());
        b.shoot("63-news-review-explanation-judgments");
    }

    private String attr(String css, String name) {
        var found = b.all(css);
        return found.isEmpty() ? null : found.get(0).getDomAttribute(name);
    }

    /** The outline lies within the image; its left and top as fractions of the image's size. */
    private double[] inside(WebElement image, WebElement mark) {
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>) b.script("const i = arguments[0].getBoundingClientRect(), m = arguments[1].getBoundingClientRect();"
                + "return [i.left, i.top, i.right, i.bottom, m.left, m.top, m.right, m.bottom, m.width, m.height];", image, mark);
        double il = r.get(0).doubleValue(), it = r.get(1).doubleValue(), ir = r.get(2).doubleValue(), ib = r.get(3).doubleValue();
        double ml = r.get(4).doubleValue(), mt = r.get(5).doubleValue(), mr = r.get(6).doubleValue(), mb = r.get(7).doubleValue();
        assertTrue(r.get(8).doubleValue() > 4 && r.get(9).doubleValue() > 4, "a visible outline: " + r);
        assertTrue(ml >= il - 1 && mt >= it - 1 && mr <= ir + 1 && mb <= ib + 1, "the outline lies inside the image: " + r);
        return new double[]{(ml - il) / (ir - il), (mt - it) / (ib - it)};
    }

    private boolean loaded(WebElement img) {
        return Boolean.TRUE.equals(b.script("const i = arguments[0]; return i.isConnected && i.complete && i.naturalWidth > 0;", img));
    }
}
