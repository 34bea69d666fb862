package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;

/**
 * Stored XSS: companies and people with markup for names, imported into the knowledge graph, are shown in headless
 * Chromium — search hits, the profile, the penetration chart's labels and its tooltip on hover — and no script of
 * theirs runs: the markup appears as text, the tooltip holds no element of theirs, and the page logs no blocked script
 * (escaping does the work; the content security policy is the second wall). ECharts' own default tooltips, which the
 * other dashboards use, are checked with the same names.
 */
class ConsoleXssJourneyTest extends ConsoleJourney {
    static final String IMG = "<img src=x onerror=\"window.__xss=1\">";
    static final String SCRIPT = "<script>window.__xss=2</script>";
    static final String SVG = "<svg onload=\"window.__xss=3\">{b}";

    @BeforeAll
    void start() throws Exception {
        startServer(Map.of(), "researcher");
        Api admin = key(alpha, "import", "admin");
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
        Api.Response imported = admin.postRaw("/api/kg/import?format=tables", kg, "application/json");
        assertEquals(200, imported.status(), imported.toString());
        assertEquals(0, imported.json().get("report").get("rejected").size(), imported.body());
        openBrowser();
    }

    private static String json(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
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
