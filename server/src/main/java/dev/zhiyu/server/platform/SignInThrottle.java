package dev.zhiyu.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Slows password guessing: after a few failures for one tenant and username, sign-in is refused for a while. */
final class SignInThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the caller must wait before trying again; zero when it may try now. */
    Duration wait(String tenant, String username) {
        Deque<Instant> recent = failures.get(key(tenant, username));
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            prune(recent);
            if (recent.size() < MAX_FAILURES) {
                return Duration.ZERO;
            }
            return Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
        }
    }

    void failed(String tenant, String username) {
        Deque<Instant> recent = failures.computeIfAbsent(key(tenant, username), k -> new ArrayDeque<>());
        synchronized (recent) {
            prune(recent);
            recent.addLast(clock.instant());
        }
    }

    void succeeded(String tenant, String username) {
        failures.remove(key(tenant, username));
    }

    private void prune(Deque<Instant> recent) {
        Instant horizon = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(horizon)) {
            recent.removeFirst();
        }
    }

    private static String key(String tenant, String username) {
        return tenant + "\u0000" + username;
    }
}
