package dev.zhiyu.telephony.call;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Originates in the one-second window ending now, against a cap that may change: the one calls-per-second counter
 * of tasks, tenants, gateways and nodes. Thread-safe.
 */
public final class RateWindow {

    private final Deque<Instant> recent = new ArrayDeque<>();

    /** Whether one more originate fits under {@code cap} in the second ending at {@code now}. */
    public synchronized boolean room(Instant now, int cap) {
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minusSeconds(1))) {
            recent.pollFirst();
        }
        return recent.size() < cap;
    }

    /** Counts one originate at {@code now} if it fits under {@code cap}. */
    public synchronized boolean take(Instant now, int cap) {
        if (!room(now, cap)) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /** Forgets an originate counted at {@code at} that never left. */
    public synchronized void giveBack(Instant at) {
        recent.removeLastOccurrence(at);
    }
}
