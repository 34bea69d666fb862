package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.telephony.JdbcDialerStore;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * 免打扰 with opt-outs captured in calls: a supervisor confirms one (it joins the DNC list, the reason kept) and rejects
 * one (a reason is required; the number leaves every list and may be called again); the third stays pending. The
 * review log shows both decisions with their reasons; an operator sees the pending numbers but no review buttons.
 */
class ConsoleOptOutReviewJourneyTest extends ConsoleJourney {
    private static final String KEEP = "+8613900000011";
    private static final String LIFT = "+8613900000012";
    private static final String WAIT = "+8613900000013";

    @BeforeAll
    void start() {
        startServer(Map.of(), "supervisor", "operator");
        var store = new JdbcDialerStore(platform.stores().jdbi(alpha), "alpha", ZoneId.of("Asia/Shanghai"));
        store.optOut("alpha", KEEP, "通话中要求不再来电");
        store.optOut("alpha", LIFT, "通话中说“别再打了”");
        store.optOut("alpha", WAIT, "通话中要求不再来电");
        openBrowser();
    }

    private WebElement review(String phone) {
        return b.find(".review[data-phone=\"" + phone + "\"]");
    }

    @Test
    void aSupervisorConfirmsOneAndRejectsOneAndTheListsFollow() {
        b.home();
        signIn("supervisor");
        b.find("nav a[data-page=dnc]").click();
        b.waitFor(d -> b.text("#opt-out-table").contains(KEEP) && b.text("#opt-out-table").contains(LIFT));
        b.shoot("70-opt-outs-pending");

        review(KEEP).findElement(org.openqa.selenium.By.cssSelector("button[data-decision=confirm]")).click();
        WebElement reason = b.find(".review[data-phone=\"" + KEEP + "\"] input[name=reason]");
        reason.sendKeys("客户明确要求不再来电", Keys.ENTER);
        b.waitFor(d -> !b.text("#opt-out-table").contains(KEEP) && b.text("#dnc-table").contains(KEEP));
        assertTrue(b.text("#dnc-table").contains("主管确认：客户明确要求不再来电"), b.text("#dnc-table"));

        review(LIFT).findElement(org.openqa.selenium.By.cssSelector("button[data-decision=reject]")).click();
        WebElement why = b.find(".review[data-phone=\"" + LIFT + "\"] input[name=reason]");
        why.sendKeys(Keys.ENTER);
        b.waitFor(d -> "true".equals(why.getDomAttribute("aria-invalid")));
        assertTrue(b.text(".review[data-phone=\"" + LIFT + "\"]").contains("驳回须写明原因"), "a rejection needs a reason");
        assertTrue(b.text("#opt-out-table").contains(LIFT), "nothing was sent without the reason");
        why.sendKeys("客户误操作，本人仍愿接听", Keys.ENTER);
        b.waitFor(d -> !b.text("#opt-out-table").contains(LIFT));
        assertFalse(b.text("#dnc-table").contains(LIFT), "a rejected opt-out is not on the DNC list");
        assertTrue(b.text("#opt-out-table").contains(WAIT), "the undecided one stays pending");
        b.waitFor(d -> b.text("#opt-out-review-table").contains(LIFT));
        String log = b.text("#opt-out-review-table");
        assertTrue(log.contains("已驳回") && log.contains("客户误操作，本人仍愿接听"), log);
        assertTrue(log.contains("已确认") && log.contains("客户明确要求不再来电"), log);
        b.shoot("71-opt-outs-reviewed");

        Api api = key(alpha, "sup", "supervisor");
        JsonNode reviews = api.get("/api/calls/opt-outs/reviews").json();
        assertEquals(2, reviews.size(), reviews.toString());
        assertEquals(LIFT, reviews.get(0).get("phone").asText(), "newest first");
        assertEquals("rejected", reviews.get(0).get("decision").asText());
        assertEquals("客户误操作，本人仍愿接听", reviews.get(0).get("note").asText());
    }

    @Test
    void anOperatorSeesPendingOptOutsButCannotDecide() {
        b.home();
        signIn("operator");
        b.find("nav a[data-page=dnc]").click();
        b.waitFor(d -> b.text("#opt-out-table").contains(WAIT));
        assertTrue(b.all("button[data-decision]").isEmpty(), "review buttons only for supervisors and admins");
        assertTrue(b.all("#opt-out-review-table").isEmpty());
    }
}
