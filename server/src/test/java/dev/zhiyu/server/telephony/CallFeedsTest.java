package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A live feed whose client is gone is dropped at its first failure, even when its close callback never runs. */
class CallFeedsTest {

    private static CallEvent event(String task, String state) {
        return new CallEvent(task, "c1", "l1", "+8613800000000", 1, state, "2026-12-07T00:00:00Z", null, null, null,
                null, null, null, List.of());
    }

    @Test
    void aFeedThatFailsIsNotCalledAgainAndTheOthersStillAre() {
        CallFeeds feeds = new CallFeeds();
        AtomicInteger dead = new AtomicInteger();
        AtomicInteger alive = new AtomicInteger();
        feeds.subscribe("alpha", "t1", e -> {
            dead.incrementAndGet();
            throw new IllegalStateException("closed");
        });
        feeds.subscribe("alpha", "t1", e -> alive.incrementAndGet());

        for (String state : List.of("dialing", "talking", "ended")) {
            feeds.publish("alpha", event("t1", state));
        }

        assertEquals(1, dead.get(), "a feed whose client is gone");
        assertEquals(3, alive.get());
    }
}
