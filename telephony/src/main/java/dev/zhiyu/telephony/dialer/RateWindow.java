package dev.zhiyu.telephony.dialer;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Originates in the one-second window ending now, against a cap that may change. Thread-safe. */
final class RateWindow {

    private final Deque<Instant> recent = new ArrayDeque<>();

    /** Whether one more originate fits under {@code cap} in the second ending at {@code now}. */
    synchronized boolean room(Instant now, int cap) {
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minusSeconds(1))) {
            recent.pollFirst();
        }
        return recent.size() < cap;
    }

    /** Counts one originate at {@code now} if it fits under {@code cap}. */
    synchronized boolean take(Instant now, int cap) {
        if (!room(now, cap)) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /** Forgets an originate counted at {@code at} that never left. */
    synchronized void giveBack(Instant at) {
        recent.removeLastOccurrence(at);
    }
}
