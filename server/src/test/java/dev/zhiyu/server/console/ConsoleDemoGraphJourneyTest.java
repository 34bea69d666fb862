package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.knowledge.ImportReport;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.knowledge.DemoGraphs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The demo graph on a tenant's first start, as {@code zhiyu serve} loads it for the demo tenant: an analyst who has
 * imported nothing searches a listed company by its stock code and sees its ownership chart and actual controller.
 * A second start loads nothing more.
 */
class ConsoleDemoGraphJourneyTest extends ConsoleJourney {
    private Optional<ImportReport> first;
    private Optional<ImportReport> second;

    @BeforeAll
    void start() {
        startServer(Map.of(), "researcher");
        first = DemoGraphs.seedIfEmpty(server.services().graphs(), alpha.slug());
        second = DemoGraphs.seedIfEmpty(server.services().graphs(), alpha.slug());
        openBrowser();
    }

    @Test
    void theDemoGraphLoadsOnceAndWhole() {
        assertTrue(first.isPresent(), "an empty graph is seeded");
        assertEquals(List.of(), first.get().rejected(), "every demo fact is accepted");
        assertFalse(second.isPresent(), "a graph that holds something is left alone");
    }

    @Test
    void anAnalystSeesAListedCompanysOwnershipChartOnFirstStart() {
        Api api = key(alpha, "kg", "researcher");
        String url = "/api/console/companies?q=" + java.net.URLEncoder.encode("股份有限公司",
                java.nio.charset.StandardCharsets.UTF_8) + "&limit=50";
        JsonNode found = api.get(url).json();
        for (int t = 0; found.path("partial").asBoolean() && t < 40; t++) { // a first search waits ≤ 1.5 s for its index
            found = api.get(url).json();
        }
        JsonNode hits = found.get("hits");
        JsonNode listed = StreamSupport.stream(hits.spliterator(), false)
                .filter(h -> h.hasNonNull("listingCode")).findFirst().orElseThrow(() -> new AssertionError(hits.toString()));
        String code = listed.get("listingCode").asText();

        b.home();
        signIn("researcher");
        b.find("nav a[data-page=companies]").click();
        b.find("#company-search input[name=q]").sendKeys(code, Keys.ENTER);
        b.waitFor(d -> b.text("#hits").contains(code));
        b.find("#hits a").sendKeys(Keys.ENTER);
        b.waitFor(d -> b.text("main h1").equals(listed.get("name").asText()));
        WebElement chart = b.find("#penetration-chart");
        b.waitFor(d -> chart.getDomAttribute("data-nodes") != null && !b.all("#penetration-chart canvas").isEmpty());
        assertTrue(Integer.parseInt(chart.getDomAttribute("data-nodes")) >= 3,
                "the company and its recorded holders: " + chart.getDomAttribute("data-nodes"));
        assertTrue(b.text("#controller").contains("有实际控制人"), b.text("#controller"));
        b.shoot("60-demo-kg-profile");
    }
}
