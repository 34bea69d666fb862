package dev.zhiyu.telephony.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The soak, small: 100 calls through dialer kills, switch connection drops and switch restarts. */
class OutageSoakTest {

    @Test
    void noLeadIsDialledTwiceAndNoAnsweredCallAgainThroughKillsAndRestarts() throws Exception {
        OutageSoak.Result r = OutageSoak.run(new OutageSoak.Settings(100, 0.05, 7, Duration.ofMillis(600),
                Duration.ofSeconds(50)));
        System.out.println(r.report());
        assertTrue(r.completed(), r.report());
        assertTrue(r.serverKills() >= 1 && r.switchDrops() >= 1 && r.switchRestarts() >= 1, r.report());
        assertEquals(0, r.doubleDials(), r.report());
        assertEquals(0, r.answeredRedialled(), r.report());
        assertEquals(0, r.leftOpen(), r.report());
    }
}
