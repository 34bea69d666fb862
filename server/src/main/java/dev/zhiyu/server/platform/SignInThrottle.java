package dev.zhiyu.server.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows password guessing with a progressive delay, never a lock a stranger can put on someone else's account.
 * Failures are counted per (address, tenant, username) and per address across all names; after a few free failures
 * each further one doubles the wait before that address may try again (1 s, 2 s, 4 s, … up to 15 min). A person
 * signing in from another address is not affected by what this address did, so guessing at a supervisor's name
 * cannot keep the supervisor out. Counts are forgotten an hour after their last failure; a success clears its own
 * name's count from that address (not the address's count, which a guesser could otherwise reset with an account of
 * their own). IPv6 addresses count per /64, the block one subscriber usually holds.
 */
final class SignInThrottle {
    /** Failures of one name from one address before any delay. */
    static final int FREE_PER_NAME = 3;
    /** Failures from one address, all names together, before any delay (offices share one address). */
    static final int FREE_PER_ADDRESS = 20;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Beyond this many counters, forgotten and harmless ones are dropped first (memory stays bounded under a flood). */
    static final int MAX_COUNTERS = 100_000;

    /** Changed only inside the map's compute for its key; read without locks. */
    private static final class Counter {
        volatile int failures;
        volatile Instant last;
    }

    private final ConcurrentMap<String, Counter> perName = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> perAddress = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxCounters;

    SignInThrottle(Clock clock) {
        this(clock, MAX_COUNTERS);
    }

    SignInThrottle(Clock clock, int maxCounters) {
        this.clock = clock;
        this.maxCounters = maxCounters;
    }

    /** How long this address must wait before trying this name again; zero when it may try now. */
    Duration wait(String address, String tenant, String username) {
        Instant now = clock.instant();
        Duration a = delay(perName.get(nameKey(address, tenant, username)), FREE_PER_NAME, now);
        Duration b = delay(perAddress.get(addressKey(address)), FREE_PER_ADDRESS, now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    void failed(String address, String tenant, String username) {
        Instant now = clock.instant();
        count(perName, nameKey(address, tenant, username), now);
        count(perAddress, addressKey(address), now);
        if (perName.size() + perAddress.size() > maxCounters) {
            prune(now);
        }
    }

    void succeeded(String address, String tenant, String username) {
        perName.remove(nameKey(address, tenant, username));
    }

    private void count(ConcurrentMap<String, Counter> counters, String key, Instant now) {
        counters.compute(key, (k, c) -> {
            Counter n = c == null || forgotten(c, now) ? new Counter() : c;
            n.failures++;
            n.last = now;
            return n;
        });
    }

    private static Duration delay(Counter c, int free, Instant now) {
        if (c == null) {
            return Duration.ZERO;
        }
        int failures = c.failures;
        Instant last = c.last;
        if (failures <= free || !now.isBefore(last.plus(FORGET_AFTER))) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free - 1, 20);
        Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
        if (d.compareTo(MAX_DELAY) > 0) {
            d = MAX_DELAY;
        }
        Duration left = Duration.between(now, last.plus(d));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static boolean forgotten(Counter c, Instant now) {
        return !now.isBefore(c.last.plus(FORGET_AFTER));
    }

    /**
     * Over the bound: forgotten counters go, then those still within their free failures (they delay nobody); if a
     * flood of heavy counters is still too many, the per-name ones are dropped (the per-address ones keep slowing
     * each address), and only past that everything — memory must stay bounded.
     */
    private void prune(Instant now) {
        perName.values().removeIf(c -> forgotten(c, now) || c.failures <= FREE_PER_NAME);
        perAddress.values().removeIf(c -> forgotten(c, now) || c.failures <= FREE_PER_ADDRESS);
        if (perName.size() + perAddress.size() > maxCounters / 2) {
            perName.clear();
        }
        if (perAddress.size() > maxCounters / 2) {
            perAddress.clear();
        }
    }

    int counters() {
        return perName.size() + perAddress.size();
    }

    private static String nameKey(String address, String tenant, String username) {
        return addressKey(address) + "\u0000" + tenant + "\u0000" + username.toLowerCase(Locale.ROOT);
    }

    /** The address as counted: IPv4 as is, IPv6 by its /64 prefix. */
    static String addressKey(String address) {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.indexOf(':') < 0) {
            return a;
        }
        try {
            byte[] b = InetAddress.getByName(a).getAddress(); // a literal: no lookup
            if (b.length != 16) {
                return InetAddress.getByAddress(b).getHostAddress();
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return sb.append(":/64").toString();
        } catch (UnknownHostException e) {
            return a;
        }
    }
}
