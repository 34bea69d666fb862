package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** An operator's pacing choice: progressive by default, predictive only with a valid agent queue. */
class PacingTest {

    @Test
    void blankIsProgressiveAndPredictiveTakesItsQueue() {
        assertEquals(Pacing.PROGRESSIVE, Pacing.parse(null, null));
        assertEquals(Pacing.PROGRESSIVE, Pacing.parse(" ", ""));
        Pacing p = Pacing.parse(" predictive ", " sales@default ");
        assertEquals("predictive", p.id());
        assertEquals("sales@default", p.agentQueue());
        assertEquals(p, Pacing.stored(p.id(), p.agentQueue()), "stored as written");
    }

    @Test
    void refusalsNameTheField() {
        assertEquals("pacing", refusal("burst", null).field());
        assertEquals("agentQueue", refusal("predictive", null).field());
        assertEquals("agentQueue", refusal("progressive", "sales@default").field());
        assertEquals("agentQueue", refusal("predictive", "sales queue").field());
    }

    private static TelephonyException refusal(String pacing, String queue) {
        TelephonyException e = assertThrows(TelephonyException.class, () -> Pacing.parse(pacing, queue));
        assertEquals(TelephonyException.Kind.INVALID, e.kind());
        return e;
    }
}
